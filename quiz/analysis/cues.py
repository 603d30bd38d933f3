"""The cue words shown to learners, with their kinds, taken from an item's reading."""

from __future__ import annotations

from quiz.analysis.attribution import Attribution, Voice
from quiz.analysis.kinds import CueKind
from quiz.analysis.reading import Reading
from quiz.analysis.result import INTELLIGENCE, NONE, SPECULATION, VERIFIED, Cue
from quiz.analysis.sources import SourceKind

SOURCE_CUE = {
    SourceKind.INTELLIGENCE: CueKind.SOURCE_INTELLIGENCE,
    SourceKind.OFFICIAL: CueKind.SOURCE_OFFICIAL,
    SourceKind.UNNAMED_OFFICIAL: CueKind.SOURCE_ANONYMOUS,
    SourceKind.EXPERT: CueKind.SOURCE_EXPERT,
    SourceKind.ANONYMOUS: CueKind.SOURCE_ANONYMOUS,
    SourceKind.IMPERSONAL: CueKind.SOURCE_ANONYMOUS,
    SourceKind.OUTLET: CueKind.SOURCE_OUTLET,
    SourceKind.DOCUMENT: CueKind.SOURCE_OUTLET,
    SourceKind.SELF: CueKind.SOURCE_OFFICIAL,
    SourceKind.PRONOUN: CueKind.SOURCE_OFFICIAL,
    SourceKind.OTHER: CueKind.SOURCE_OFFICIAL,
}
HIT_CUE = {
    "hedges": CueKind.HEDGE,
    "will": CueKind.FORECAST,
    "would": CueKind.FORECAST,
    "if": CueKind.FORECAST,
    "evaluation": CueKind.EVALUATION,
    "knowledge": CueKind.FRAMING,
    "framing": CueKind.FRAMING,
    "negation": CueKind.NEGATION,
    "guess": CueKind.SPECULATION_VERB,
}
# The kinds that support each label; cues of other kinds are left out of the list.
SUPPORTS = {
    INTELLIGENCE: {
        CueKind.SOURCE_INTELLIGENCE,
        CueKind.HEDGE,
        CueKind.SOURCE_OFFICIAL,
        CueKind.SOURCE_ANONYMOUS,
        CueKind.FORECAST,
    },
    SPECULATION: {
        CueKind.HEDGE,
        CueKind.FORECAST,
        CueKind.SPECULATION_VERB,
        CueKind.EVALUATION,
        CueKind.SOURCE_EXPERT,
        CueKind.SOURCE_ANONYMOUS,
        CueKind.SOURCE_OFFICIAL,
        CueKind.SOURCE_OUTLET,
    },
    VERIFIED: {
        CueKind.SOURCE_OFFICIAL,
        CueKind.SOURCE_OUTLET,
        CueKind.CONFIRMATION,
        CueKind.DENIAL,
        CueKind.SOURCE_EXPERT,
    },
    NONE: {CueKind.FRAMING, CueKind.NEGATION},  # with a negated confirmation or denial
}


def _verb_kind(attribution: Attribution, source: CueKind) -> CueKind:
    if attribution.negated and attribution.voice in (Voice.FACTIVE, Voice.DENIAL):
        return CueKind.NEGATION
    return {
        Voice.FACTIVE: CueKind.CONFIRMATION,
        Voice.DENIAL: CueKind.DENIAL,
        Voice.COGNITION: CueKind.SPECULATION_VERB,
        Voice.SPECULATION: CueKind.SPECULATION_VERB,
    }.get(attribution.voice, source)


def _span(reading: Reading, first: int, last: int, kind: CueKind, text: str) -> Cue:
    doc, parsed = reading.parsed.doc, reading.parsed
    start, end = parsed.start(doc[first]), parsed.end(doc[last])
    return Cue(start, end, text[start:end], kind.value)


def attribution_cues(text: str, reading: Reading) -> list[Cue]:
    """The source phrase and the cue words of each attribution in the chain."""
    out: list[Cue] = []
    for attribution, kind in zip(reading.chain, reading.kinds, strict=True):
        resolved = reading.inherited if kind is SourceKind.PRONOUN and reading.inherited else kind
        source_kind = SOURCE_CUE[resolved]
        if attribution.source and kind not in (SourceKind.PRONOUN, SourceKind.SELF):
            first, last = attribution.source[0], attribution.source[-1]
            out.append(_span(reading, first, last, source_kind, text))
        cue = sorted(attribution.cue)
        out.append(_span(reading, cue[0], cue[-1], _verb_kind(attribution, source_kind), text))
    return out


def _hit_cues(text: str, reading: Reading) -> list[Cue]:
    out = []
    for name, hits in reading.hits.items():
        for hit in hits:
            kind = HIT_CUE.get(hit.name) or HIT_CUE.get(name)
            if kind is not None:
                out.append(_span(reading, hit.start, hit.end - 1, kind, text))
    return out


def _main_verb(text: str, reading: Reading) -> list[Cue]:
    """The main verb of an unsourced statement of fact, as its confirmation cue."""
    doc = reading.parsed.doc
    roots = [t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
    if not roots:
        return []
    root = roots[0]
    parts = [c.i for c in root.children if c.dep_ in ("aux", "auxpass", "neg", "prt")] + [root.i]
    negated = any(c.dep_ == "neg" for c in root.children)
    kind = CueKind.NEGATION if negated else CueKind.CONFIRMATION
    return [_span(reading, min(parts), max(parts), kind, text)]


def cues(text: str, reading: Reading, label: str) -> list[Cue]:
    """The cues that support the chosen label, in text order, without duplicates."""
    found = attribution_cues(text, reading) + _hit_cues(text, reading)
    chosen = [c for c in found if c.kind in SUPPORTS[label]]
    if not chosen and label == VERIFIED:
        chosen = _main_verb(text, reading)
    unique = {(c.start, c.end): c for c in chosen}
    return sorted(unique.values(), key=lambda c: (c.start, c.end))
