"""The lexicons: data files in ``lexicons/``, each compiled into one regular expression."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicons"


def _patterns(name: str) -> tuple[list[str], list[str]]:
    """(case-insensitive, case-sensitive) patterns of a lexicon file."""
    folded: list[str] = []
    exact: list[str] = []
    target = folded
    for raw in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[case]":
            target = exact
            continue
        target.append(line)
    return folded, exact


def _alternation(patterns: list[str]) -> str:
    """One expression for all patterns: free ones share one pair of word boundaries (much
    faster than a pair each); anchored ones (^ or $) keep their anchors."""
    free = [p for p in patterns if not p.startswith("^") and not p.endswith("$")]
    anchored = [p for p in patterns if p.startswith("^") or p.endswith("$")]
    parts = [f"(?:{p})" for p in anchored]
    if free:
        parts.insert(0, r"(?<![\w-])(?:" + "|".join(free) + r")(?![\w-])")
    return "|".join(parts)


@cache
def lexicon(name: str) -> tuple[re.Pattern[str], ...]:
    """Compiled matchers of a lexicon: one case-insensitive, and one with case if any."""
    folded, exact = _patterns(name)
    compiled = []
    if folded:
        compiled.append(re.compile(_alternation(folded), re.IGNORECASE))
    if exact:
        compiled.append(re.compile(_alternation(exact)))
    return tuple(compiled)


def find(name: str, text: str) -> list[re.Match[str]]:
    """Every match of a lexicon in the text, in order."""
    matches = [m for pattern in lexicon(name) for m in pattern.finditer(text)]
    return sorted(matches, key=lambda m: m.start())
