"""Explanations for learners, built from the reading: who says so, and how sure.

Plain words for a 14-year-old, two to four sentences. A source is always a quoted noun phrase
from the article (never a bare verb); where no source is named, the explanation says so and
asks who stands behind the statement. Quotes are only put around words that exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.analysis.kinds import CueKind
from quiz.analysis.result import INTELLIGENCE, SPECULATION, VERIFIED, Cue

KIND_WORDS = {
    "intelligence": "a spy or security service",
    "official": "someone speaking for themselves or their office, on the record",
    "unnamed_official": "officials whose names are not given",
    "expert": "an expert or analyst giving a view",
    "anonymous": "sources whose names are not given",
    "impersonal": "people who are not named",
    "outlet": "a news outlet",
    "document": "a record such as a report, a study or footage",
    "other": "someone speaking on the record",
}


@dataclass(frozen=True)
class Situation:
    """What the explanation needs to know about one item."""

    label: str
    reason: str | None  # a rules.Reason value, when the rules agree with the label
    source: str | None  # the source phrase, as written in the article
    source_kind: str | None  # a SourceKind value
    inherited: bool  # the source was named in another sentence
    security_voice: bool  # the speaker or author is a defence or intelligence body
    cues: list[Cue] = field(default_factory=list)


def _quote(words: str) -> str:
    return f"“{' '.join(words.split())}”"


def _first(cues: list[Cue], *kinds: CueKind) -> str | None:
    wanted = {k.value for k in kinds}
    return next((c.text for c in cues if c.kind in wanted and c.text.strip()), None)


def _who(s: Situation) -> str:
    """'Who says so' in words, or a line saying that no source is named."""
    if s.source:
        what = KIND_WORDS.get(s.source_kind or "", "someone speaking on the record")
        where = " (named in a sentence next to this one)" if s.inherited else ""
        return f"Who says so: {_quote(s.source)}{where}, {what}."
    if s.security_voice:
        return "Who says so: the speaker, who talks for a defence, security or intelligence body."
    return "No source is named in this sentence: ask yourself who stands behind it."


def _how_sure(s: Situation) -> str | None:
    hedge = _first(s.cues, CueKind.HEDGE)
    if hedge:
        return f"How sure: {_quote(hedge)} shows it is only possible or likely, not certain."
    forecasts = [c for c in s.cues if c.kind == CueKind.FORECAST.value]
    forecasts.sort(key=lambda c: c.text.lower() in ("if", "unless"))
    forecast = _first(forecasts, CueKind.FORECAST)
    if forecast:
        return (
            f"How sure: {_quote(forecast)} is about what will or would happen, "
            "which nobody can know yet."
        )
    guess = _first(s.cues, CueKind.SPECULATION_VERB)
    if guess:
        return f"How sure: {_quote(guess)} is a word for a guess, a belief or a prediction."
    opinion = _first(s.cues, CueKind.EVALUATION)
    if opinion:
        return f"How sure: {_quote(opinion)} is a judgement, not a fact anyone could check."
    return None


NONE_LINES = {
    "question": "This is a question, not a statement. It makes no claim to sort.",
    "headline": "This is a headline, a label or a line of a letterhead, not a statement.",
    "fragment": "This is too short to claim anything: there is nothing in it to check.",
    "leadin": (
        "This line only introduces what someone is about to say or report. "
        "Sort the words that follow instead."
    ),
}


def _none(s: Situation) -> str:
    if s.reason in NONE_LINES:
        return NONE_LINES[s.reason]
    negation = _first(s.cues, CueKind.NEGATION)
    if s.reason == "unconfirmed" and negation:
        return (
            f"It says that something was not confirmed or not denied ({_quote(negation)}), "
            "so nothing is put on the record. "
            "It is a clue for the sentences around it, not a statement to sort."
        )
    framing = _first(s.cues, CueKind.FRAMING)
    if s.reason == "knowledge" and framing:
        return (
            f"It says what is not known or not checked ({_quote(framing)}) "
            "rather than claiming something. "
            "It is a clue for the sentences around it, not a statement to sort."
        )
    if framing:
        return (
            f"{_quote(framing)} belongs to greeting people or running the briefing. "
            "It makes no claim about the world, so it is not quizzed."
        )
    return (
        "This sentence sets the scene or talks about the reporting itself. "
        "It makes no claim to sort."
    )


def _intelligence(s: Situation) -> list[str]:
    if s.reason == "intel_secret" and not s.source:
        first = (
            "It speaks about secret matters that only spy and security services can watch, "
            "and names no one outside them who saw it."
        )
    elif s.reason == "intel_voice" and not s.source:
        first = (
            "Who says so: the speaker, giving the assessment of a defence, security or "
            "intelligence body."
        )
    elif s.source or s.security_voice:
        first = _who(s)
    else:
        first = "It goes on with a claim from a spy or security service named nearby."
    parts = [first]
    sure = _how_sure(s)
    if sure:
        parts.append(sure[:-1] + "; their own doubt does not change whose claim it is.")
    parts.append("Nobody outside the secret services can check it, so it is an intelligence claim.")
    return parts


def _speculation(s: Situation) -> list[str]:
    parts = [_who(s)]
    sure = _how_sure(s)
    if sure:
        parts.append(sure)
    elif s.reason == "guessing_source":
        parts.append("Experts and unnamed sources give views: what they say is not checked fact.")
    else:
        parts.append("It reads motives or judges, rather than reporting what happened.")
    parts.append("That makes it speculation.")
    return parts


def _verified(s: Situation) -> list[str]:
    denial = _first(s.cues, CueKind.DENIAL)
    if s.reason == "own_plan":
        who = f"{_quote(s.source)} says" if s.source else "It says"
        return [
            f"{who} what will be done: an announced plan or a scheduled event, "
            "not a guess about the world.",
            "The announcement is on the record, so it is verified.",
        ]
    if s.source and denial:
        return [
            _who(s),
            f"The denial ({_quote(denial)}) is itself on the record, "
            "even if what it denies is disputed.",
            "That makes it verified.",
        ]
    if s.source:
        return [
            _who(s),
            "What was said or done in public is on the record, with no hedge.",
            "That makes it verified.",
        ]
    verb = _first(s.cues, CueKind.CONFIRMATION)
    told = f" ({_quote(verb)})" if verb else ""
    return [
        f"It states a public event or a documented fact plainly{told}, "
        "with no hedge and no secret source.",
        "No source is named: ask yourself where you could check it. It is verified.",
    ]


def _quoting_a_cue(parts: list[str], cues: list[Cue]) -> list[str]:
    """Make sure the explanation quotes one of the cue phrases as written (the content checker
    asks for it): if none is quoted yet, the last sentence points at one."""
    said = " ".join(parts).lower()
    if not cues or any(c.text.lower() in said for c in cues):
        return parts
    single = [c for c in cues if "\n" not in c.text] or cues
    pointer = f"Look at the words {_quote(single[0].text)} in the sentence."
    if "\n" in single[0].text:
        pointer = f"Look at the words “{single[0].text}” in the sentence."
    return [*parts[:3], pointer]


def explain(s: Situation) -> str:
    """Two to four sentences for learners on why the item has its label."""
    if s.label == INTELLIGENCE:
        parts = _intelligence(s)
    elif s.label == SPECULATION:
        parts = _speculation(s)
    elif s.label == VERIFIED:
        parts = _verified(s)
    else:
        return _none(s)
    return " ".join(_quoting_a_cue(parts, s.cues))
