"""Cue phrases of a statement: how they are written in statements.toml and found in the text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from quiz.analysis.kinds import CueKind
from quiz.text import Span, enclosing


@dataclass(frozen=True)
class CueSpec:
    """A cue phrase, where it stands in the article, and what kind of cue it is."""

    text: str
    start: int
    end: int
    kind: CueKind | None = None


def cue_window(body: str, position: Span, sentences: list[Span]) -> Span:
    """Where a statement's cues may stand: its sentence(s) and one sentence either side."""
    start, end = position
    if not sentences:
        return position
    touched = enclosing(sentences, start, end) or [0]
    window_start = sentences[max(min(touched) - 1, 0)][0]
    window_end = sentences[min(max(touched) + 1, len(sentences) - 1)][1]
    return min(window_start, start), max(window_end, end)


def locate_cue(body: str, phrase: str, position: Span, window: Span) -> int | None:
    """Where a cue phrase stands: in the quote if it is there, else in the window."""
    in_quote = body.find(phrase, *position)
    at = in_quote if in_quote >= 0 else body.find(phrase, *window)
    return None if at < 0 else at


def locate_cues(
    raw: object,
    body: str,
    position: Span | None,
    sentences: list[Span],
    note: Callable[[str], None],
) -> tuple[CueSpec, ...]:
    """The cues of a statements.toml entry, each found in the quote or next to it; every
    problem is passed to ``note``."""
    parsed = _parse_cues(raw)
    if parsed is None:
        note("'cues' must be a list of at least one cue: {text = ..., kind = ...} or a phrase")
        return ()
    if position is None:
        return ()
    window = cue_window(body, position, sentences)
    cues = []
    for phrase, kind in parsed:
        if kind is False:
            note(f"cue {phrase!r}: 'kind' must be one of: " + ", ".join(CueKind))
            continue
        at = locate_cue(body, phrase, position, window)
        if at is None:
            note(f"cue {phrase!r} is neither in the quote nor in a neighbouring sentence")
            continue
        cues.append(CueSpec(phrase, at, at + len(phrase), kind))
    return tuple(cues)


def _parse_cues(raw: object) -> list[tuple[str, CueKind | None | bool]] | None:
    """(phrase, kind) pairs; kind None when not given, False when not a known kind."""
    if not isinstance(raw, list) or not raw:
        return None
    parsed: list[tuple[str, CueKind | None | bool]] = []
    for item in raw:
        if isinstance(item, str) and item:
            parsed.append((item, None))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"]:
            if set(item) - {"text", "kind"}:
                return None
            kind = item.get("kind")
            known = CueKind(kind) if isinstance(kind, str) and kind in set(CueKind) else False
            parsed.append((item["text"], None if kind is None else known))
        else:
            return None
    return parsed
