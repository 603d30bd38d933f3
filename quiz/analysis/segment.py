"""The items the analyser labels: sentences, list items, and speaker turns.

Sentences come from the project's splitter (``quiz.text.sentence_spans``); on top of it, lines
that start with a bullet or a number, and the lines of a paragraph made only of short lines that
each start with a capital (an unpunctuated list, a letterhead), become items of their own.
"""

from __future__ import annotations

import re

from quiz.text import sentence_spans

Span = tuple[int, int]
BULLET = re.compile(r"[ \t]*(?:[-*•·▪◦‣–—]|\(?\d{1,2}[.)]|\(?[a-h][.)])[ \t]+")
SPEAKER = re.compile(r"^[ \t]*([A-Z][A-Z0-9 .,'’&()\[\]-]{1,80}):", re.MULTILINE)
# Markers of broadcast scripts and press copy that are not speakers (general conventions of
# wire and radio copy).
SCRIPT_MARKERS = {
    "INTRO",
    "TEXT",
    "TAG",
    "ACT",
    "END ACT",
    "OUTRO",
    "NOTE",
    "EDITOR'S NOTE",
    "UPDATE",
    "CORRECTION",
    "HEADLINE",
    "TITLE",
    "SOURCE",
    "DATE",
    "DATELINE",
    "FILE",
}
LEADING = re.compile(
    r"(?:[ \t]*(?:[A-Z][A-Z0-9 .,'’&()\[\]-]{1,80}:|/{2,}[^\n/]{0,60}/{2,}|[A-Z]{2,}\s+--?)\s*)+"
)
_LINE = re.compile(r"[^\n]+")
LIST_LINE_MAX = 90


def _list_line(line: str) -> bool:
    stripped = line.strip()
    return (
        len(stripped) <= LIST_LINE_MAX
        and (stripped[:1].isupper() or stripped[:1].isdigit())
        and not stripped.endswith(",")
    )


def _line_starts(text: str) -> set[int]:
    """Offsets where a new item must start: bulleted lines, and each line of a paragraph of
    three or more short lines that all start with a capital or a digit (a list, a letterhead)."""
    cuts: set[int] = set()
    for block in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", text):
        lines = list(_LINE.finditer(text, block.start(), block.end()))
        short_list = len(lines) >= 3 and all(_list_line(m.group()) for m in lines)
        for m in lines[1:]:
            if short_list or BULLET.match(m.group()):
                cuts.add(m.start())
    return cuts


def _strip_bullet(text: str, start: int, end: int) -> Span:
    match = BULLET.match(text, start, end)
    if match and match.end() < end:
        start = match.end()
    return start, end


def items(text: str) -> list[Span]:
    """The spans the analyser labels, in order, without overlaps."""
    cuts = sorted(_line_starts(text))
    out: list[Span] = []
    for start, end in sentence_spans(text):
        inner = [c for c in cuts if start < c < end]
        bounds = [start, *inner, end]
        for a, b in zip(bounds, bounds[1:], strict=False):
            a, b = _strip_bullet(text, a, b)
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
    return out


def speakers(text: str) -> list[tuple[int, str]]:
    """Speaker labels of a transcript ("MR. KIRBY:"), with the offset where each turn starts."""
    found = [(m.start(), m.group(1).strip()) for m in SPEAKER.finditer(text)]
    return [(start, label) for start, label in found if label not in SCRIPT_MARKERS]


def body_start(text: str, start: int, end: int) -> int:
    """Where an item's words start after a speaker label or a script marker ("INTRO:")."""
    match = LEADING.match(text, start, end)
    return match.end() if match and match.end() < end else start
