"""The statement analyser: text in; sentences with labels, cues, sources and explanations out.

Pure Python: no Flask, no database. Rules follow shared/guides/labelling.md:
- the deepest source in the attribution chain wins; intelligence over speculation over verified;
- a sentence that only continues ("He says ...", "The estimate also assessed ...") inherits the
  source of the sentence before it;
- words that are mentioned, not used ("called the reports 'speculation'") are no hedge.
The lexicons are data files in ``lexicons/``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from quiz.analysis.lexicon import find
from quiz.text import sentence_spans

VERIFIED = "verified"
INTELLIGENCE = "intelligence_claim"
SPECULATION = "speculation"
NONE = "none"

# A quoted stretch that follows a verb of naming is mentioned, not used.
_MENTION = re.compile(
    r"\b(?:called|calls|call|described as|describes? as|termed|dismissed as|branded)\s+"
    r"(?:\w+\s+){0,4}?[\"“‘']([^\"”’']{1,120})[\"”’']",
    re.IGNORECASE,
)
_SPEECH = (
    r"(?:says|said|added|adds|told|tells|noted|notes|called|calls|warned|assessed|assesses|"
    r"believes|believed|claims|claimed|suggests|suggested|went\s+on\s+to\s+say)"
)
_CONTINUATION = re.compile(
    r"^(?:But\s+|And\s+|However,\s+|Still,\s+|In other words,\s+|In return,\s+)?"
    r"(?:He|She|They|It|[Tt]he\s+(?:agency|estimate|report|assessment|official|officials|"
    r"service|director|chief|spokesman|spokeswoman|spokesperson)|"
    r"(?:Mr|Mrs|Ms|Dr|Gen)\.?\s+[A-Z][\w-]+)"
    rf"(?:,?\s+[\w,]+){{0,3}}?\s+{_SPEECH}\b"
    rf"|[,\"”]\s*(?:he|she|they)\s+{_SPEECH}\b"
)
# Sentences that go on with the point before them, with no source of their own.
_FOLLOW_ON = re.compile(r"^(?:In other words|But|Also|Again|These|This|That)\b|\balso\b")
_NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
# Speaker labels ("MR. KIRBY:") and script markers ("/// End Act ///") before the words.
_LEADING_SPEAKER = re.compile(r"^(?:[A-Z][A-Z .'-]{2,60}:\s*|/{2,}[^\n/]*/{2,}\s*)+")
_CLOSERS = "\"'”’)] \n"
_SPEAKER = re.compile(r"^([A-Z][A-Z .'-]{2,60}):", re.MULTILINE)


@dataclass(frozen=True)
class Cue:
    """A word or phrase of the sentence that signals its label, with its offsets."""

    start: int
    end: int
    text: str
    kind: str


@dataclass
class Sentence:
    """One sentence of the article and what the analyser makes of it."""

    start: int
    end: int
    text: str
    label: str
    confidence: float
    cues: list[Cue] = field(default_factory=list)
    source: str | None = None
    explanation: str = ""

    def as_dict(self) -> dict:
        """The JSON form that ``python -m quiz.analysis`` prints."""
        return asdict(self)


@dataclass
class _Context:
    """What earlier sentences established: the kind of document and the last source."""

    briefing_by_defence: bool = False
    last_source: str | None = None
    last_source_kind: str | None = None
    intelligence_people: set[str] = field(default_factory=set)
    previous_label: str | None = None


def analyse(text: str) -> list[Sentence]:
    """Every sentence of the text, in order, labelled with cues, source and explanation."""
    context = _Context(briefing_by_defence=_is_defence_briefing(text))
    return [_analyse_sentence(text, start, end, context) for start, end in sentence_spans(text)]


def _is_defence_briefing(text: str) -> bool:
    speakers = " ".join(m.group(1) for m in _SPEAKER.finditer(text[:3000]))
    return bool(find("official_bodies", speakers))


def _mentioned_spans(sentence: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in _MENTION.finditer(sentence)]


def _cues(
    sentence: str, offset: int, lexicon_name: str, kind: str, mentioned: list[tuple[int, int]]
) -> list[Cue]:
    cues = []
    for match in find(lexicon_name, sentence):
        if any(s <= match.start() and match.end() <= e for s, e in mentioned):
            continue
        cues.append(Cue(offset + match.start(), offset + match.end(), match.group(0), kind))
    return cues


def _analyse_sentence(text: str, start: int, end: int, context: _Context) -> Sentence:
    sentence = text[start:end]
    body = _LEADING_SPEAKER.sub("", sentence, count=1)
    mentioned = _mentioned_spans(sentence)
    found = {
        "intelligence": _cues(sentence, start, "intelligence", "source_intelligence", mentioned),
        "assessment": _cues(sentence, start, "assessment", "source_intelligence", mentioned),
        "hedge": _cues(sentence, start, "hedges", "hedge", mentioned),
        "guess": _cues(sentence, start, "speculation_verbs", "speculation_verb", mentioned),
        "expert": _cues(sentence, start, "experts", "source_expert", mentioned),
        "anonymous": _cues(sentence, start, "anonymous", "source_anonymous", mentioned),
        "outlet": _cues(sentence, start, "outlets", "source_outlet", mentioned),
        "confirmation": _cues(sentence, start, "confirmation", "confirmation", mentioned),
        "denial": _cues(sentence, start, "denial", "denial", mentioned),
        "speech": _cues(sentence, start, "speech", "source_official", mentioned),
        "none": _cues(body, start + len(sentence) - len(body), "none", "none", []),
        "framing": _cues(body, start + len(sentence) - len(body), "framing", "none", []),
        "concern": _cues(sentence, start, "concern", "source_official", mentioned),
    }
    result = _decide(sentence, start, found, context)
    result.start, result.end, result.text = start, end, sentence
    result.explanation = _explain(result)
    _remember(sentence, result, found, context)
    return result


def _decide(sentence: str, start: int, found: dict[str, list[Cue]], context: _Context) -> Sentence:
    words = len(sentence.split())
    after_intelligence = context.last_source_kind == INTELLIGENCE
    body = _LEADING_SPEAKER.sub("", sentence, count=1)
    continues = bool(_CONTINUATION.search(body)) or _names_intelligence_person(body, context)
    inherited = after_intelligence and (
        continues
        or (
            context.previous_label == INTELLIGENCE
            and not _has_own_view(found)
            and (context.briefing_by_defence or bool(_FOLLOW_ON.search(body)))
        )
    )
    assessment = found["assessment"] and (
        context.briefing_by_defence
        or found["intelligence"]
        or inherited
        or context.previous_label == INTELLIGENCE
        or any(re.search(STRONG_ASSESSMENT, c.text, re.I) for c in found["assessment"])
    )
    aside = found["none"] and words <= NONE_MAX_WORDS
    if found["framing"] or (aside and not (found["intelligence"] or assessment)):
        return _result(NONE, 0.7, (found["framing"] or found["none"])[:1])
    if sentence.rstrip(_CLOSERS).endswith("?") or words < 3:
        return _result(NONE, 0.6, [])
    if found["intelligence"]:
        cues = found["intelligence"] + found["assessment"] + found["hedge"]
        return _result(INTELLIGENCE, 0.9, cues, found["intelligence"][0].text)
    if assessment:
        return _result(INTELLIGENCE, 0.75, found["assessment"] + found["hedge"], _voice(context))
    if inherited:
        cues = found["speech"][:1] + found["hedge"]
        return _result(INTELLIGENCE, 0.65, cues, context.last_source)
    guessing = found["hedge"] + found["guess"]
    if guessing and found["confirmation"] and _only_in_trailing_phrase(sentence, start, guessing):
        # "... was attended by officials, signaling an alliance": the event is on record; the
        # reading tacked on after the comma does not undo it.
        return _result(VERIFIED, 0.6, found["confirmation"])
    if guessing and found["concern"]:
        # "expressed concern that X might ...": the concern is on record; the hedge is its content.
        return _result(VERIFIED, 0.6, found["concern"], found["concern"][0].text)
    if found["expert"] and found["speech"] and not guessing:
        source = found["expert"][0].text
        return _result(SPECULATION, 0.6, found["expert"] + found["speech"][:1], source)
    if guessing:
        sources = found["anonymous"] + found["expert"]
        source = sources[0].text if sources else None
        confidence = min(0.9, 0.55 + 0.1 * len(guessing) + (0.1 if sources else 0))
        return _result(SPECULATION, confidence, sorted(guessing + sources, key=_at), source)
    if found["anonymous"]:
        return _result(SPECULATION, 0.55, found["anonymous"], found["anonymous"][0].text)
    record = found["confirmation"] + found["denial"] + found["outlet"] + found["speech"]
    if record:
        source = (found["outlet"] or found["speech"] or [None])[0]
        return _result(VERIFIED, 0.75, sorted(record, key=_at), source.text if source else None)
    if _looks_like_chatter(sentence):
        return _result(NONE, 0.5, [])
    return _result(VERIFIED, 0.55, [])


STRONG_ASSESSMENT = r"assess|detected|judge"
NONE_MAX_WORDS = 15
_TRAILING_PHRASE = re.compile(r",\s+(?:[a-z]+ing|a move that|which could|which would)\b")


def _only_in_trailing_phrase(sentence: str, start: int, cues: list[Cue]) -> bool:
    """Whether every cue comes after a trailing participial phrase begins."""
    match = _TRAILING_PHRASE.search(sentence)
    return match is not None and all(cue.start - start >= match.start() for cue in cues)


def _has_own_view(found: dict[str, list[Cue]]) -> bool:
    kinds = ("hedge", "guess", "expert", "anonymous", "outlet", "confirmation", "denial", "speech")
    return any(found[kind] for kind in kinds)


def _at(cue: Cue) -> int:
    return cue.start


def _result(label: str, confidence: float, cues: list[Cue], source: str | None = None) -> Sentence:
    unique = list({(c.start, c.end): c for c in cues}.values())
    return Sentence(0, 0, "", label, round(confidence, 2), unique, source)


def _voice(context: _Context) -> str:
    return "defence officials at a briefing" if context.briefing_by_defence else "an official body"


def _names_intelligence_person(sentence: str, context: _Context) -> bool:
    return any(
        re.search(
            rf"\b{re.escape(name)}\b[^.]{{0,40}}\b(?:says|said|told|noted|added|went on)\b",
            sentence,
        )
        for name in context.intelligence_people
    )


def _looks_like_chatter(sentence: str) -> bool:
    """First-person asides of a spoken briefing, with no fact in them."""
    return bool(re.match(r"^(?:[A-Z .]+: )?I(?:'m|’m|'ll|’ll| will| would like)\b", sentence))


def _remember(
    sentence: str, result: Sentence, found: dict[str, list[Cue]], context: _Context
) -> None:
    """Carry the source forward for sentences that continue it."""
    context.previous_label = result.label
    if result.label == INTELLIGENCE:
        context.last_source_kind = INTELLIGENCE
        context.last_source = result.source
        if found["intelligence"]:
            for _first, last in _NAME.findall(sentence):
                context.intelligence_people.add(last)
    elif result.label != NONE and (found["speech"] or found["expert"] or found["outlet"]):
        context.last_source_kind = result.label
        context.last_source = result.source


def _quoted(cues: list[Cue], kinds: set[str] | None = None, limit: int = 3) -> str:
    chosen = [c.text for c in cues if kinds is None or c.kind in kinds][:limit]
    return ", ".join(f"“{text}”" for text in chosen)


def _explain(result: Sentence) -> str:
    """Two or three sentences for students that name the source and quote the cues."""
    cues = _quoted(result.cues)
    if result.label == INTELLIGENCE:
        source = result.source or "an intelligence source"
        return (
            f"The deepest source is {source}, an intelligence or security source ({cues}). "
            "The text gives no independent confirmation, so it is an intelligence claim."
        )
    if result.label == SPECULATION:
        who = f"The source is {result.source}. " if result.source else ""
        return (
            f"{who}The wording guesses or hedges: {cues}. "
            "Conjecture, forecasts and readings of motives are speculation."
        )
    if result.label == VERIFIED:
        if cues:
            return (
                f"It reports what happened or what someone said on the record ({cues}). "
                "No hedge and no secret source: it is verified."
            )
        return (
            "It states a documented fact or a public event plainly. "
            "No hedge and no secret source: it is verified."
        )
    return (
        "This sentence is not a checkable statement: a greeting, framing, or a remark about "
        "the reporting. It is not part of the quiz."
    )


# Lexicons that decide a cue's kind, strongest first.
_KIND_OF_LEXICON = (
    ("intelligence", "source_intelligence"),
    ("assessment", "source_intelligence"),
    ("anonymous", "source_anonymous"),
    ("experts", "source_expert"),
    ("hedges", "hedge"),
    ("speculation_verbs", "speculation_verb"),
    ("outlets", "source_outlet"),
    ("denial", "denial"),
    ("confirmation", "confirmation"),
    ("concern", "source_official"),
    ("speech", "source_official"),
)


def cue_kind(phrase: str) -> str:
    """The kind of a cue phrase (as in ``Cue.kind``), or "other" when no lexicon knows it."""
    for lexicon_name, kind in _KIND_OF_LEXICON:
        if find(lexicon_name, phrase):
            return kind
    return "other"
