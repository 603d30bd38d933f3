"""Reading an article: each item's attribution chain, its sources' kinds and the cues in the
scope of its content; then what it takes from its neighbours (``context``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quiz.analysis.attribution import Attribution, attributions, chain, describers
from quiz.analysis.clauses import split_long
from quiz.analysis.context import document_facts, inherit
from quiz.analysis.form import flags
from quiz.analysis.parse import Parsed, parse
from quiz.analysis.scope import (
    Hit,
    described,
    find,
    future,
    is_hedge,
    mentioned,
    predicated,
    superlatives,
)
from quiz.analysis.segment import body_start, items
from quiz.analysis.sources import (
    SourceKind,
    anaphor,
    classify,
    definite_document,
    register_heads,
    register_names,
)
from quiz.analysis.voice import Speaker, speaker_at, turns

Token = Any
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
    donor: int | None = None  # the item whose source this one inherits
    previous: SourceKind | None = None
    paragraph_start: bool = False
    turn_index: int = 0  # position in the speaker's turn (or in the document)
    covert_share: float = 0.0  # share of the document's items that speak of secret matters

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
    spans, parsed = split_long(text, spans, parsed)
    speakers = turns(text)
    registry: dict[str, SourceKind] = {}
    heads: dict[str, SourceKind] = {}
    readings: list[Reading] = []
    for (start, end), item in zip(spans, parsed, strict=True):
        register_names(item.doc, registry)
        reading = _read_item(text, start, end, item, (registry, heads), speaker_at(speakers, start))
        register_heads(item.doc, heads)
        reading.paragraph_start = (
            start == 0
            or "\n\n" in text[max(0, start - 4) : start + 1]
            or (bool(readings) and "\n\n" in text[readings[-1].end : start])
        )
        readings.append(reading)
    inherit(text, readings)
    document_facts(readings, [start for start, _ in speakers])
    return readings


Memory = tuple[dict[str, SourceKind], dict[str, SourceKind]]  # names, described nouns


def _source_kind(item: Parsed, attribution: Attribution, memory: Memory) -> SourceKind:
    doc = item.doc
    if not attribution.source:
        return SourceKind.IMPERSONAL
    tokens = [doc[i] for i in attribution.source]
    earlier = anaphor(tokens, memory[1])
    if earlier is not None:
        return earlier
    if definite_document(tokens):
        return SourceKind.PRONOUN  # "the report", "the statement": the one cited before
    heads = [t for t in tokens if t.head.i not in attribution.source or t.head.i == t.i]
    extra = [doc[i] for h in heads[:1] for i in describers(h)]
    kind = classify(tokens + extra, memory[0])
    if kind is SourceKind.PRONOUN:
        antecedent = _antecedent(doc, tokens[0])
        if antecedent is not None:
            return classify(antecedent, memory[0])
    return kind


def _antecedent(doc: Any, pronoun: Token) -> list[Token] | None:
    """For "While the regime has X, it has Y": the subject of an earlier clause of the item."""
    subjects = [
        t
        for t in doc[: pronoun.i]
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
    ]
    if not subjects:
        return None
    return [t for t in subjects[-1].subtree if t.dep_ not in ("relcl", "acl")]


def _read_item(
    text: str, start: int, end: int, item: Parsed, memory: Memory, speaker: Speaker
) -> Reading:
    doc = item.doc
    excluded = described(doc) | mentioned(doc)
    found = [a for a in attributions(doc) if a.anchor not in excluded]
    path = chain(doc, found)
    if path:
        covered = set().union(*(a.content | set(a.source) | set(a.cue) for a in path))
        if len(covered) < MAIN_SHARE * len(doc):
            path = []
    kinds = [_source_kind(item, a, memory) for a in path]
    for a in path:
        excluded |= set(a.source) | set(a.cue)
    everything = set(range(len(doc)))
    scope = (path[-1].content if path else everything) - excluded
    if path:  # a hedge on the cue itself ("likely intends", "may have said") qualifies it too
        cue = doc[path[-1].anchor]
        scope |= {c.i for c in cue.children if c.dep_ in ("advmod", "aux") and c.i not in excluded}
    hits = {name: find(doc, name, scope) for name in SCOPED}
    hits["hedges"] = [h for h in hits["hedges"] if is_hedge(doc, h)]
    hits["future"] = future(doc, scope)
    verbs = {i for i in scope if doc[i].pos_ == "VERB"}
    hits["guess"] = find(doc, "speculation", verbs) + find(doc, "cognition", verbs)
    hits["evaluation"] = [
        h
        for h in hits["evaluation"]
        if any(predicated(doc[i]) for i in range(h.start, h.end))
        and doc[h.start].tag_ not in ("JJS", "RBS")  # superlatives are judged apart
    ] + superlatives(doc, scope)
    for name in WHOLE:
        hits[name] = find(doc, name, everything - excluded)
    reading = Reading(start, end, item, path, kinds, speaker, hits)
    reading.flags = flags(text[start:end], item, path)
    return reading
