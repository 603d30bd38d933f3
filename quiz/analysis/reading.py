"""Reading an article: each item's attribution chain, its sources' kinds, the cues in the scope
of its content, and what it inherits from the sentences before it (a pronoun's antecedent, a
quotation that runs on, the speaker of a transcript's turn)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.analysis.attribution import Attribution, attributions, chain, describers
from quiz.analysis.parse import Parsed, parse
from quiz.analysis.scope import Hit, described, find, future, is_hedge, mentioned
from quiz.analysis.segment import body_start, items
from quiz.analysis.sources import FIRST_PERSON, SourceKind, classify, register_names
from quiz.analysis.voice import Speaker, speaker_at, turns

TERMINAL = tuple(".!?\"”’')]…")
OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"
MAIN_SHARE = 0.34  # an attribution holds the item when it covers at least this share of it
SCOPED = ("hedges", "evaluation", "covert", "negation")
WHOLE = ("framing", "knowledge")


@dataclass
class Reading:
    """What the analyser reads in one item, before any label is chosen."""

    start: int
    end: int
    parsed: Parsed
    chain: list[Attribution]
    kinds: list[SourceKind]
    speaker: Speaker
    hits: dict[str, list[Hit]]
    flags: set[str] = field(default_factory=set)
    inherited: SourceKind | None = None
    previous: SourceKind | None = None
    paragraph_start: bool = False

    @property
    def source_kind(self) -> SourceKind | None:
        """The kind of the deepest source that holds the content (resolved), if any."""
        return self.kinds[-1] if self.kinds else None

    @property
    def words(self) -> int:
        """How many words the item has."""
        return sum(1 for t in self.parsed.doc if not t.is_punct and not t.is_space)


def read(text: str) -> list[Reading]:
    """Read every item of the article, in order."""
    spans = items(text)
    parsed = parse(text, [(body_start(text, start, end), end) for start, end in spans])
    speakers = turns(text)
    registry: dict[str, SourceKind] = {}
    readings: list[Reading] = []
    for (start, end), item in zip(spans, parsed, strict=True):
        register_names(item.doc, registry)
        reading = _read_item(text, start, end, item, registry, speaker_at(speakers, start))
        reading.paragraph_start = start == 0 or "\n\n" in text[max(0, start - 4) : start + 1] or (
            bool(readings) and "\n\n" in text[readings[-1].end : start]
        )
        readings.append(reading)
    _inherit(text, readings)
    return readings


def _source_kind(item: Parsed, attribution: Attribution, registry: dict[str, SourceKind]) -> SourceKind:
    doc = item.doc
    if attribution.voice == "according" or attribution.source:
        tokens = [doc[i] for i in attribution.source]
        heads = [t for t in tokens if t.head.i not in attribution.source or t.head is t]
        extra = [doc[i] for h in heads[:1] for i in describers(h)]
        return classify(tokens + extra, registry)
    return SourceKind.IMPERSONAL


def _read_item(
    text: str, start: int, end: int, item: Parsed, registry: dict[str, SourceKind], speaker: Speaker
) -> Reading:
    doc = item.doc
    found = attributions(doc)
    path = chain(doc, found)
    if path:
        top = path[0]
        covered = len(top.content) + len(top.source) + len(top.cue)
        if covered < MAIN_SHARE * len(doc):
            path = []
    kinds = [_source_kind(item, a, registry) for a in path]
    excluded = described(doc) | mentioned(doc)
    for a in path:
        excluded |= set(a.source) | set(a.cue)
    everything = set(range(len(doc)))
    scope = (path[-1].content if path else everything) - excluded
    hits = {name: find(doc, name, scope) for name in SCOPED}
    hits["hedges"] = [h for h in hits["hedges"] if is_hedge(doc, h)]
    hits["future"] = future(doc, scope)
    hits["guess"] = find(doc, "speculation", scope) + find(doc, "cognition", scope)
    for name in WHOLE:
        hits[name] = find(doc, name, everything - excluded)
    reading = Reading(start, end, item, path, kinds, speaker, hits)
    reading.flags = _flags(text[start:end], item, path)
    return reading


def _flags(sentence: str, item: Parsed, path: list[Attribution]) -> set[str]:
    doc = item.doc
    flags: set[str] = set()
    stripped = sentence.rstrip()
    bare = stripped.rstrip("\"”’')] ")
    if bare.endswith("?"):
        flags.add("question")
    if stripped.endswith(":"):
        flags.add("leadin")
    if not stripped.endswith(TERMINAL) and not stripped.endswith(":"):
        flags.add("unpunctuated")
    if not any(t.pos_ in ("VERB", "AUX") for t in doc):
        flags.add("no_verb")
    roots = [t for t in doc if t.dep_ == "ROOT"]
    root = roots[0] if roots else None
    if root is not None:
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0].lower_ in FIRST_PERSON and not path:
            flags.add("first_person")
        if root.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in root.children):
            flags.add("past")
        if root.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux",) for c in root.children):
            flags.add("present")
    if any(t.like_num for t in doc):
        flags.add("number")
    return flags


def _quote_groups(text: str, readings: list[Reading]) -> list[list[int]]:
    """Runs of items that one quotation spans (it opens in the first and closes in the last)."""
    groups: list[list[int]] = []
    open_group: list[int] | None = None
    for index, reading in enumerate(readings):
        piece = text[reading.start : reading.end]
        depth_before = open_group is not None
        balance = piece.count(OPEN_QUOTES) - piece.count(CLOSE_QUOTES)
        straight = piece.count('"') % 2 == 1
        if depth_before:
            open_group.append(index)
            if balance < 0 or straight:
                groups.append(open_group)
                open_group = None
        elif balance > 0 or straight:
            open_group = [index]
    return groups


def _inherit(text: str, readings: list[Reading]) -> None:
    """Fill in sources that earlier (or, for a quotation, later) items supply."""
    for group in _quote_groups(text, readings):
        kinds = [k for i in group for k in readings[i].kinds[-1:] if k is not SourceKind.PRONOUN]
        if not kinds:
            continue
        for i in group:
            readings[i].flags.add("quoted")
            if not readings[i].kinds:
                readings[i].inherited = kinds[-1]
    last: SourceKind | None = None
    for reading in readings:
        reading.previous = last
        kind = reading.source_kind
        if kind is SourceKind.PRONOUN:
            reading.inherited = last
        elif kind is not None and kind not in (SourceKind.SELF, SourceKind.IMPERSONAL):
            last = kind
        elif reading.inherited is not None:
            last = reading.inherited
