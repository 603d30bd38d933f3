"""Explanations for learners, built from the reading: who says so, and how sure.

Plain words for a 14-year-old, two to four sentences. A source is always a quoted noun phrase
from the article (never a bare verb); where no source is named, the explanation says so and
asks who stands behind the statement. Quotes are only added around words that exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.analysis.kinds import CueKind
from quiz.analysis.result import INTELLIGENCE, SPECULATION, VERIFIED, Cue

KIND_WORDS = {
    "intelligence": "a spy or security service",
    "official": "someone speaking on the record",
    "unnamed_official": "officials who are not named",
    "expert": "an expert giving a view",
    "anonymous": "sources who are not named",
    "outlet": "a news outlet or a document",
    "document": "a report or document",
    "other": "someone speaking on the record",
}


@dataclass(frozen=True)
class Situation:
    """What the explanation needs to know about one item."""

    label: str
    source: str | None  # the source phrase, as written in the article
    source_kind: str | None  # a SourceKind value
    inherited: bool  # the source was named in an earlier sentence
    security_voice: bool  # the speaker or author is a defence or intelligence body
    question: bool
    headline: bool
    cues: list[Cue]


def _quote(words: str) -> str:
    return f"“{words.strip()}”"


def _first(cues: list[Cue], *kinds: CueKind) -> str | None:
    wanted = {k.value for k in kinds}
    for cue in cues:
        if cue.kind in wanted and cue.text.strip():
            return cue.text
    return None


def _who(s: Situation) -> str:
    """'Who says so' in words, or a line saying that no source is named."""
    if s.source:
        what = KIND_WORDS.get(s.source_kind or "", "someone speaking on the record")
        earlier = " (named in an earlier sentence)" if s.inherited else ""
        return f"Who says so: {_quote(s.source)}{earlier}, {what}."
    if s.security_voice:
        return "Who says so: the speaker, who speaks for a defence, security or intelligence body."
    return "No source is named in this sentence: ask yourself who stands behind it."


def _how_sure(s: Situation) -> str | None:
    hedge = _first(s.cues, CueKind.HEDGE)
    if hedge:
        return f"How sure: {_quote(hedge)} shows it is only possible or likely, not certain."
    forecast = _first(s.cues, CueKind.FORECAST)
    if forecast:
        return f"How sure: {_quote(forecast)} is about what will or would happen, which nobody can know yet."
    guess = _first(s.cues, CueKind.SPECULATION_VERB)
    if guess:
        return f"How sure: {_quote(guess)} is a word for a guess or an opinion."
    opinion = _first(s.cues, CueKind.EVALUATION)
    if opinion:
        return f"How sure: {_quote(opinion)} gives a judgement, not a fact anyone could check."
    return None


def _none(s: Situation) -> str:
    if s.question:
        return "This is a question, not a statement. It makes no claim to sort."
    if s.headline:
        return "This is a headline, a label or a line of the letterhead, not a statement to check."
    framing = _first(s.cues, CueKind.FRAMING, CueKind.NEGATION)
    if framing:
        return (
            f"The words {_quote(framing)} greet, organise or say what is not known. "
            "The sentence makes no claim about the world, so it is not quizzed."
        )
    return "This sentence sets the scene or talks about the reporting itself. It makes no claim to sort."


def explain(s: Situation) -> str:
    """Two to four sentences for learners on why the item has its label."""
    if s.label == INTELLIGENCE:
        parts = [_who(s)]
        if not s.source and not s.security_voice:
            parts = ["The sentence goes on with a claim from a spy or security service."]
        sure = _how_sure(s)
        if sure:
            parts.append(sure + " The service's own doubt does not change whose claim it is.")
        parts.append("Nobody outside the secret services can check it, so it is an intelligence claim.")
        return " ".join(parts)
    if s.label == SPECULATION:
        parts = [_who(s)]
        parts.append(_how_sure(s) or "It reads motives or judges, rather than reporting what happened.")
        parts.append("That makes it speculation, not a checked fact.")
        return " ".join(parts)
    if s.label == VERIFIED:
        denial = _first(s.cues, CueKind.DENIAL)
        if s.source:
            parts = [_who(s)]
            if denial:
                parts.append(f"The denial ({_quote(denial)}) is itself on the record, even if what it denies is disputed.")
            else:
                parts.append("What was said or done in public is on the record.")
        else:
            verb = _first(s.cues, CueKind.CONFIRMATION)
            told = f" ({_quote(verb)})" if verb else ""
            parts = [
                f"It states a public event or a documented fact plainly{told}, with no hedge.",
                "No source is named: ask yourself where you could check it.",
            ]
        parts.append("That makes it verified.")
        return " ".join(parts)
    return _none(s)
