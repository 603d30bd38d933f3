"""Reading an article: each item's attribution chain, its sources' kinds, the cues in the scope
of its content, and what it inherits from the sentences before it (a pronoun's antecedent, a
quotation that runs on, the speaker of a transcript's turn)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quiz.analysis.attribution import Attribution, attributions, chain, describers
from quiz.analysis.clauses import split_long
from quiz.analysis.lexicon import lexicon
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
    FIRST_PERSON,
    SourceKind,
    anaphor,
    classify,
    definite_document,
    register_heads,
    register_names,
)
from quiz.analysis.voice import Speaker, speaker_at, turns

Token = Any
TERMINAL = tuple(".!?\"”’')]…")
OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"
MAIN_SHARE = 0.34  # an attribution holds the item when it covers at least this share of it
SCOPED = ("hedges", "evaluation", "covert", "negation")
WHOLE = ("framing", "knowledge")
# Openings that go on with the sentence before (Quirk et al. 1985, §8.134-8.137: conjuncts).
CONNECTIVES = {
    "but",
    "and",
    "however",
    "so",
    "still",
    "yet",
    "moreover",
    "furthermore",
    "also",
    "again",
    "in",
    "thus",
    "therefore",
    "meanwhile",
    "this",
    "that",
    "these",
    "those",
}


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
    _inherit(text, readings)
    _document(readings, [start for start, _ in speakers])
    return readings


def _document(readings: list[Reading], turn_starts: list[int]) -> None:
    """Set what each item needs to know about the whole document."""
    share = sum(1 for r in readings if r.hits["covert"]) / max(1, len(readings))
    index = 0
    for position, reading in enumerate(readings):
        reading.covert_share = share
        started = position > 0 and any(
            readings[position - 1].start < t <= reading.start for t in turn_starts
        )
        index = 0 if started else index + (position > 0)
        reading.turn_index = index


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
        h for h in hits["evaluation"] if any(predicated(doc[i]) for i in range(h.start, h.end))
    ] + superlatives(doc, scope)
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
    root, subjects = main_clause(doc)
    if root is not None:
        if subjects and subjects[0].lower_ in FIRST_PERSON and not path:
            flags.add("first_person")
        if subjects and subjects[0].lower_ == "i" and not path:
            flags.add("speaker_aside")
        if not subjects and root.pos_ in ("VERB", "AUX") and root.tag_ != "VB":
            flags.add("no_subject")
        first_word = next((t for t in doc if not t.is_punct), None)
        if not subjects and root.tag_ == "VB" and (first_word is root or first_word.dep_ == "prep"):
            flags.add("imperative")  # "Visit the website.", "For more, see ...": no claim
        if (
            subjects
            and subjects[0].pos_ in ("NOUN", "PROPN")
            and _intelligence_subject(subjects[0])
        ):
            flags.add("intel_subject")
        if root.lemma_.lower() in lexicon("public_acts") and not path:
            flags.add("public_act")
        if (
            subjects
            and subjects[0].lower_ == "this"
            and root.lemma_ == "be"
            and any(c.dep_ == "attr" and c.pos_ == "PROPN" for c in root.children)
        ):
            flags.add("leadin_report")  # "This is <name> with <programme>": a sign-on
        if root.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in root.children):
            flags.add("past")
        if root.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux",) for c in root.children):
            flags.add("present")
    if any(t.like_num for t in doc):
        flags.add("number")
    if any(_reporter_leadin(t) for t in doc):
        flags.add("leadin_report")
    first = next((t for t in doc if not t.is_punct), None)
    if first is not None and (first.lower_ in CONNECTIVES or any(t.lower_ == "also" for t in doc)):
        flags.add("continues")
    return flags


def main_clause(doc: Any) -> tuple[Token | None, list[Token]]:
    """The main verb and its subjects. A sentence the parser reads as a noun phrase ("The
    service named two profiles" as "the service [that was] named ...") is read as a clause."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None, []
    root = roots[0]
    if root.pos_ in ("NOUN", "PROPN"):
        verbs = [
            c for c in root.children if c.dep_ == "acl" and c.pos_ == "VERB" and c.tag_ == "VBD"
        ]
        if verbs and not any(c.dep_.startswith("nsubj") for c in verbs[0].children):
            return verbs[0], [root]
    return root, [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]


def _intelligence_subject(subject: Token) -> bool:
    tokens = [
        subject,
        *(t for c in subject.children if c.dep_ in ("compound", "amod", "poss") for t in c.subtree),
    ]
    return classify(tokens) is SourceKind.INTELLIGENCE


REPORTERS = {"correspondent", "reporter"}


def _reporter_leadin(token: Token) -> bool:
    """A broadcast's hand-over to its reporter: "As VOA's X reports, ...", "Correspondent X
    reports ..." (present tense): it introduces the report, it is no statement."""
    if token.lemma_ != "report" or token.tag_ != "VBZ":
        return False
    marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ == "as"]
    subjects = [t for c in token.children if c.dep_ == "nsubj" for t in c.subtree]
    return bool(marks) or any(t.lemma_.lower() in REPORTERS for t in subjects)


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
        donor = next(i for i in reversed(group) if readings[i].kinds[-1:] == kinds[-1:])
        for i in group:
            readings[i].flags.add("quoted")
            if not readings[i].kinds:
                readings[i].inherited = kinds[-1]
                readings[i].donor = donor
    last: SourceKind | None = None
    last_index: int | None = None
    for index, reading in enumerate(readings):
        reading.previous = last
        kind = reading.source_kind
        speaking = kind is SourceKind.SELF or (kind is None and "first_person" in reading.flags)
        if speaking and reading.speaker is Speaker.WRITER:
            # A written piece's "we" is a quoted speaker's, or (outside quotes) the author's.
            quoted = "quoted" in reading.flags or any(
                q in text[reading.start : reading.end] for q in '"“”'
            )
            if quoted and last is not None:
                reading.inherited, reading.donor = last, last_index
                if kind is SourceKind.SELF:
                    reading.kinds[-1] = SourceKind.PRONOUN
            else:
                reading.speaker = Speaker.OFFICIAL
        if kind is SourceKind.PRONOUN:
            reading.inherited, reading.donor = last, last_index
        elif kind is not None and kind not in (SourceKind.SELF, SourceKind.IMPERSONAL):
            last, last_index = kind, index
        elif reading.inherited is not None:
            last, last_index = reading.inherited, reading.donor
