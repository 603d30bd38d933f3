"""A learner's progress figures from their answers: pure computations, no database.

``quiz.practice.queries.learner_progress`` reads the rows; this module turns them into runs
over time, accuracy per label, calibration and mastery by kind of cue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quiz.analysis import cue_kind
from quiz.analysis.kinds import CueGroup, CueKind
from quiz.labels import Confidence, Label
from quiz.scoring import Scorecard, percent, score


@dataclass(frozen=True)
class RunPoint:
    """One finished run."""

    finished_at: datetime
    title: str
    right: int
    total: int

    @property
    def percent(self) -> int | None:
        """Share right, rounded."""
        return percent(self.right, self.total)


@dataclass(frozen=True)
class Calibration:
    """How often the learner was right when they said they were sure, or not."""

    title: str
    answered: int
    right: int

    @property
    def percent(self) -> int | None:
        """Share right, rounded, or None without answers."""
        return percent(self.right, self.answered)


@dataclass(frozen=True)
class Example:
    """A statement that carries a kind of cue, to show what the kind looks like."""

    quote: str
    cue: str
    article_title: str


@dataclass(frozen=True)
class CueMastery:
    """How the learner reads statements that carry one group of cue kinds."""

    group: CueGroup
    answered: int
    right: int
    misread_as: Label | None
    example: Example | None

    @property
    def title(self) -> str:
        """The group of cues in words."""
        return self.group.title

    @property
    def percent(self) -> int | None:
        """Share right, rounded."""
        return percent(self.right, self.answered)


@dataclass(frozen=True)
class Progress:
    """Everything the progress page shows."""

    runs: list[RunPoint]
    card: Scorecard
    calibration: list[Calibration]
    cues: list[CueMastery]
    answers: int


@dataclass(frozen=True)
class AnsweredStatement:
    """One answer with what progress needs of its statement."""

    chosen: Label
    correct: bool
    confidence: Confidence | None
    label: Label
    quote: str
    cues: list[dict[str, Any]]
    article_title: str
    discuss: bool = False


def progress(runs: list[RunPoint], answers: Sequence[AnsweredStatement]) -> Progress:
    """The learner's figures from their finished runs and all their answers (statements for
    discussion are not scored)."""
    answers = [a for a in answers if not a.discuss]
    return Progress(
        runs=runs,
        card=score((a.label, a.chosen) for a in answers),
        calibration=calibration(answers),
        cues=cue_mastery(answers),
        answers=len(answers),
    )


def calibration(answers: Sequence[AnsweredStatement]) -> list[Calibration]:
    """Share right when the learner said "sure", "not sure", or nothing."""
    groups: dict[Confidence | None, list[bool]] = defaultdict(list)
    for answer in answers:
        groups[answer.confidence].append(answer.correct)
    titles = [(c, c.title) for c in Confidence] + [(None, "Did not say")]
    return [Calibration(title, len(groups[key]), sum(groups[key])) for key, title in titles]


def cue_group(cue: dict[str, Any]) -> CueGroup | None:
    """The group of a stored cue: its stored kind (or, for older data, its looked-up kind)."""
    stored = cue.get("kind")
    kind = CueKind(stored) if stored in set(CueKind) else cue_kind(cue["text"])
    return CueKind(kind).group if kind in set(CueKind) else None


def cue_mastery(answers: Sequence[AnsweredStatement]) -> list[CueMastery]:
    """Per group of cue kinds: answers, right, the most common misreading, and an example
    (one the learner got wrong, where there is one). Weakest group first.
    """
    answered: Counter[CueGroup] = Counter()
    right: Counter[CueGroup] = Counter()
    wrong_as: dict[CueGroup, Counter[Label]] = defaultdict(Counter)
    first_seen: dict[CueGroup, Example] = {}
    first_missed: dict[CueGroup, Example] = {}
    for answer in answers:
        phrases = {}
        for cue in answer.cues:
            group = cue_group(cue)
            if group is not None:
                phrases.setdefault(group, cue["text"])
        for group, phrase in phrases.items():
            answered[group] += 1
            right[group] += answer.correct
            shown = Example(answer.quote, phrase, answer.article_title)
            first_seen.setdefault(group, shown)
            if not answer.correct:
                wrong_as[group][answer.chosen] += 1
                first_missed.setdefault(group, shown)
    mastery = [
        CueMastery(
            group,
            answered[group],
            right[group],
            wrong_as[group].most_common(1)[0][0] if wrong_as[group] else None,
            first_missed.get(group) or first_seen.get(group),
        )
        for group in answered
    ]
    return sorted(mastery, key=lambda m: (m.percent or 0, -m.answered))
