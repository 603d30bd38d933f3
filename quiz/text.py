"""Spans of article text: paragraphs, sentences, and highlighted pieces for display.

Pure Python: no Flask, no database. Offsets always index the article as a Python str.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

Span = tuple[int, int]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _strip_span(text: str, start: int, end: int) -> Span:
    """Shrink a span so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_spans(text: str) -> list[Span]:
    """The paragraphs of a text (separated by blank lines), without surrounding space."""
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append(_strip_span(text, start, match.start()))
        start = match.end()
    spans.append(_strip_span(text, start, len(text)))
    return [(s, e) for s, e in spans if e > s]


ABBREVIATIONS_FILE = Path(__file__).parent / "analysis" / "lexicons" / "abbreviations.txt"


@lru_cache(maxsize=1)
def _splitter():  # noqa: ANN202  (nltk is imported lazily: web workers rarely split)
    """NLTK's Punkt splitter, told our abbreviations (no model download needed)."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    lines = ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines()
    parameters.abbrev_types = {line.strip() for line in lines if line and not line.startswith("#")}
    return PunktSentenceTokenizer(parameters)


def sentence_spans(text: str) -> list[Span]:
    """The sentences of a text in order; a sentence never crosses a paragraph break.

    A piece that starts in lower case continues the sentence before it ("'Is it?' he asked.").
    """
    spans: list[Span] = []
    for p_start, p_end in paragraph_spans(text):
        paragraph_first = len(spans)
        for start, end in _splitter().span_tokenize(text[p_start:p_end]):
            start, end = _strip_span(text, p_start + start, p_start + end)
            if end <= start:
                continue
            if len(spans) > paragraph_first and text[start].islower():
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def count_sentences(text: str) -> int:
    """How many sentences a short text (such as an explanation) has."""
    return len(sentence_spans(text))


def occurrences(text: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``text`` (overlapping ones included)."""
    found = []
    index = text.find(needle)
    while index >= 0:
        found.append(index)
        index = text.find(needle, index + 1)
    return found


def enclosing(spans: list[Span], start: int, end: int) -> list[int]:
    """Indexes of the spans that overlap ``[start, end)``."""
    return [i for i, (s, e) in enumerate(spans) if s < end and start < e]


@dataclass(frozen=True)
class Mark:
    """A span of the article to highlight: a statement or a cue inside it."""

    start: int
    end: int
    kind: str  # "statement" or "cue"
    label: str | None = None
    anchor: str | None = None
    announce: bool = False  # name the statement for screen readers where it begins


@dataclass(frozen=True)
class Piece:
    """A run of text and the marks that cover all of it, outermost first."""

    text: str
    marks: tuple[Mark, ...]
    first_of: tuple[Mark, ...] = ()


def highlight(text: str, start: int, end: int, marks: list[Mark]) -> list[Piece]:
    """Cut ``text[start:end]`` into pieces, each covered by the same marks throughout."""
    inside = [m for m in marks if m.start < end and start < m.end]
    cuts = {start, end}
    for mark in inside:
        cuts.update((max(mark.start, start), min(mark.end, end)))
    bounds = sorted(cuts)
    pieces = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        covering = tuple(
            sorted(
                (m for m in inside if m.start <= left and right <= m.end),
                key=lambda m: (m.kind != "statement", m.start, -m.end),
            )
        )
        first = tuple(m for m in covering if m.start == left or left == start)
        pieces.append(Piece(text[left:right], covering, first))
    return pieces


def passage_span(text: str, spans: list[Span]) -> Span:
    """The paragraphs that hold all of the given spans, from the first to the last."""
    paragraphs = paragraph_spans(text)
    touched = [i for s, e in spans for i in enclosing(paragraphs, s, e)]
    if not touched:
        lo = min(s for s, _ in spans)
        hi = max(e for _, e in spans)
        return lo, hi
    return paragraphs[min(touched)][0], paragraphs[max(touched)][1]


def context_before(text: str, start: int) -> Span | None:
    """What a reader needs just before a statement that starts at ``start``: the sentence before
    it and the part of its own sentence before it (None at the very start of the text)."""
    sentences = sentence_spans(text)
    own = next((i for i, (s, e) in enumerate(sentences) if s <= start < e), None)
    if own is None:
        return None
    first = sentences[own - 1][0] if own > 0 else sentences[own][0]
    span = _strip_span(text, first, start)
    return span if span[1] > span[0] else None
