"""The evidence step: after choosing a label, the learner marks the words that tell them. Their
marks are compared with the statement's cue words, forgiving about articles and punctuation.

Pure Python: no Flask, no database. Offsets index the article text, as everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quiz.analysis.kinds import CueGroup, CueKind
from quiz.text import Span

_WORD = re.compile(r"[\w’'-]+")
_CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]|\s-\s")
IGNORED = frozenset({"a", "an", "the", "that", "of", "to", "and", "it", "its", "is", "was"})
FOUND_SHARE = 0.5  # a cue counts as found when half of its words are marked
MAX_OPTIONS = 6
SOURCE_GROUPS = {CueGroup.SECRET_SOURCES, CueGroup.ON_THE_RECORD, CueGroup.OPINION_SOURCES}


@dataclass(frozen=True)
class Option:
    """A phrase the learner may tick when marking without JavaScript."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Result:
    """How the learner's marks compare with the cues."""

    found: tuple[str, ...]  # the cue phrases they marked
    missed: tuple[str, ...]  # the cue phrases they did not
    found_source: bool | None  # None: the statement names no source among its cues
    found_hedge: bool | None  # None: it has no hedge, forecast or guessing word

    def as_dict(self, marks: Sequence[Span]) -> dict[str, Any]:
        """The stored form (with the marks themselves)."""
        return {
            "marks": [list(mark) for mark in marks],
            "found": list(self.found),
            "missed": list(self.missed),
            "found_source": self.found_source,
            "found_hedge": self.found_hedge,
        }


def markable_span(start: int, end: int, cues: Sequence[dict[str, Any]]) -> Span:
    """The stretch of the article a learner may mark: the statement and every cue of it (a cue
    may stand in the sentence before, where the source is named)."""
    starts = [start, *(cue["start"] for cue in cues)]
    ends = [end, *(cue["end"] for cue in cues)]
    return min(starts), max(ends)


def words(text: str, span: Span) -> list[Span]:
    """The words of ``text[span]`` as article offsets."""
    start, end = span
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _key_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - IGNORED


def clean_marks(raw: Sequence[Any], span: Span) -> list[Span]:
    """The marks a browser sent, kept only when they are well-formed and inside the span."""
    marks = []
    for item in raw[:200]:
        if (
            isinstance(item, list | tuple)
            and len(item) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in item)
            and span[0] <= item[0] < item[1] <= span[1]
        ):
            marks.append((item[0], item[1]))
    return sorted(set(marks))


def score(text: str, marks: Sequence[Span], cues: Sequence[dict[str, Any]]) -> Result:
    """Which cues the marks found: a cue is found when at least half of its words (articles and
    punctuation aside) are inside the marks."""
    marked = set().union(*(_key_words(text[s:e]) for s, e in marks)) if marks else set()
    found, missed = [], []
    source = hedge = None
    for cue in cues:
        keys = _key_words(cue["text"]) or {cue["text"].lower()}
        hit = len(keys & marked) >= FOUND_SHARE * len(keys)
        (found if hit else missed).append(cue["text"])
        group = _group(cue)
        if group in SOURCE_GROUPS:
            source = bool(source) or hit
        elif group in (CueGroup.HEDGES, CueGroup.GUESSWORK):
            hedge = bool(hedge) or hit
    return Result(tuple(found), tuple(missed), source, hedge)


def _group(cue: dict[str, Any]) -> CueGroup | None:
    kind = cue.get("kind")
    return CueKind(kind).group if kind in set(CueKind) else None


def options(text: str, span: Span, cues: Sequence[dict[str, Any]]) -> list[Option]:
    """A few phrases of the statement to tick without JavaScript: every cue, and the other
    stretches of the sentence between clause breaks, in reading order."""
    cue_spans = sorted((cue["start"], cue["end"]) for cue in cues)
    pieces = list(cue_spans)
    for start, end in _clauses(text, span):
        for outside in _outside(start, end, cue_spans):
            piece = _trim(text, *outside)
            if _key_words(text[piece[0] : piece[1]]):
                pieces.append(piece)
    pieces = sorted(set(pieces))[: MAX_OPTIONS + len(cue_spans)]
    return [Option(s, e, text[s:e]) for s, e in pieces if e > s]


def _clauses(text: str, span: Span) -> list[Span]:
    start, end = span
    spans, at = [], start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _outside(start: int, end: int, taken: list[Span]) -> list[Span]:
    """The parts of ``[start, end)`` that no span of ``taken`` covers."""
    pieces, at = [], start
    for s, e in taken:
        if e <= at or s >= end:
            continue
        if s > at:
            pieces.append((at, s))
        at = max(at, e)
    if at < end:
        pieces.append((at, end))
    return pieces


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end
