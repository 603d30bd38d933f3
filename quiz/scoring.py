"""Scores of a set of answers: overall, per label and as a confusion matrix.

Pure Python: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quiz.labels import Label


def percent(part: int, whole: int) -> int | None:
    """``part`` as a rounded share of ``whole``, or None when there is nothing to share."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class LabelScore:
    """How many statements of one true label were answered, and how many right."""

    label: Label
    right: int
    total: int

    @property
    def percent(self) -> int | None:
        """Share right, rounded, or None when there was nothing to answer."""
        return percent(self.right, self.total)


@dataclass(frozen=True)
class Scorecard:
    """Overall score, per-label scores and the true × chosen matrix."""

    right: int
    total: int
    per_label: tuple[LabelScore, ...]
    matrix: dict[Label, dict[Label, int]]

    @property
    def percent(self) -> int | None:
        """Share right overall, rounded, or None without answers."""
        return percent(self.right, self.total)


def score(pairs: Iterable[tuple[Label, Label]]) -> Scorecard:
    """Score (true label, chosen label) pairs."""
    matrix = {true: dict.fromkeys(Label, 0) for true in Label}
    for true, chosen in pairs:
        matrix[true][chosen] += 1
    per_label = tuple(
        LabelScore(label, matrix[label][label], sum(matrix[label].values())) for label in Label
    )
    return Scorecard(
        right=sum(s.right for s in per_label),
        total=sum(s.total for s in per_label),
        per_label=per_label,
        matrix=matrix,
    )
