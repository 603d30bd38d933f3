"""Which analysed sentences to propose as quiz statements: a balanced, confident set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

QUIZ_LABELS = ("verified", "intelligence_claim", "speculation")
MAX_STATEMENTS = 20
MIN_WORDS, MAX_WORDS = 5, 80


def quiz_worthy(sentence: dict[str, Any], body: str) -> bool:
    """A labelled sentence with a cue, of a sensible length, that occurs once in the text."""
    words = len(sentence["text"].split())
    return (
        sentence["label"] in QUIZ_LABELS
        and bool(sentence["cues"])
        and MIN_WORDS <= words <= MAX_WORDS
        and body.count(sentence["text"]) == 1
    )


def preselect(
    sentences: Sequence[dict[str, Any]], body: str, limit: int = MAX_STATEMENTS
) -> list[int]:
    """Indexes of up to ``limit`` sentences: every label the text has, most confident first,
    taken in turns so that no label crowds out the others."""
    queues = {
        label: sorted(
            (i for i, s in enumerate(sentences) if s["label"] == label and quiz_worthy(s, body)),
            key=lambda i: (-sentences[i]["confidence"], i),
        )
        for label in QUIZ_LABELS
    }
    chosen: list[int] = []
    while len(chosen) < limit and any(queues.values()):
        for label in QUIZ_LABELS:
            if queues[label] and len(chosen) < limit:
                chosen.append(queues[label].pop(0))
    return sorted(chosen)
