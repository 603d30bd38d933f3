"""Content files that a test may spoil: copies of a real article (the ``library`` fixture in
conftest.py) and an edit that checks the text was there."""

from __future__ import annotations

from pathlib import Path

SLUG = "kramatorsk-strike-briefing"


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a content file, checking that it was there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
