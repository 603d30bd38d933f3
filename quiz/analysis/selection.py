"""Which analysed sentences to propose as quiz statements, and how to show the analyser's
confidence to teachers. Pure Python: the review pages use it without loading the parser."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

QUIZ_LABELS = ("verified", "intelligence_claim", "speculation")
MAX_STATEMENTS = 20
MIN_WORDS, MAX_WORDS = 5, 80
# Confidence bands in words. Leave-one-article-out on the development corpus (bench/
# analysis_quality.py): labels given with 0.8 or more were right 91% of the time, those between
# 0.6 and 0.8 three times in four, those below 0.6 about half the time: the teacher settles those.
SURE, LIKELY = 0.8, 0.6
# An "unsure" suggestion is proposed only when its label has nothing surer to offer (leave-one-
# article-out: preselection precision 0.81 with a floor of 0.5, 0.83 with 0.6).
MIN_CONFIDENCE = LIKELY


def confidence_words(confidence: float) -> str:
    """The analyser's confidence in plain words for teachers."""
    if confidence >= SURE:
        return "very likely right"
    if confidence >= LIKELY:
        return "probably right"
    return "unsure — check it"


def review_order(sentences: Sequence[dict[str, Any]]) -> list[int]:
    """Indexes of the sentences with the least sure first (then in text order), so that a
    teacher reviews the doubtful suggestions before the safe ones."""
    return sorted(range(len(sentences)), key=lambda i: (sentences[i]["confidence"], i))


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
    taken in turns so that no label crowds out the others; unsure ones only to fill a gap."""
    queues = {
        label: sorted(
            (i for i, s in enumerate(sentences) if s["label"] == label and quiz_worthy(s, body)),
            key=lambda i: (-sentences[i]["confidence"], i),
        )
        for label in QUIZ_LABELS
    }
    for label, queue in queues.items():
        sure = [i for i in queue if sentences[i]["confidence"] >= MIN_CONFIDENCE]
        queues[label] = sure or queue[:1]
    chosen: list[int] = []
    while len(chosen) < limit and any(queues.values()):
        for label in QUIZ_LABELS:
            if queues[label] and len(chosen) < limit:
                chosen.append(queues[label].pop(0))
    return sorted(chosen)
