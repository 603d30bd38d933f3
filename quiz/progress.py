"""A learner's progress: runs over time, accuracy per label, calibration, mastery by cue."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from quiz.analysis import cue_kind
from quiz.extensions import db
from quiz.labels import Confidence, Label
from quiz.models import Answer, Learner, Run, Statement
from quiz.scoring import Scorecard, score

CUE_TITLES = {
    "source_intelligence": "Intelligence sources (NIS, CIA, “intelligence officials”)",
    "source_anonymous": "Unnamed sources",
    "source_expert": "Experts and analysts",
    "hedge": "Hedges (could, may, likely)",
    "speculation_verb": "Guessing verbs (speculated, suggests, fears)",
    "source_outlet": "News outlets (according to Reuters …)",
    "denial": "Denials and refusals",
    "confirmation": "Confirmations and observed events",
    "source_official": "Officials speaking on the record",
    "other": "Other cue words",
}


@dataclass(frozen=True)
class RunPoint:
    """One finished run."""

    finished_at: datetime
    title: str
    right: int
    total: int

    @property
    def percent(self) -> int:
        """Share right, rounded."""
        return round(100 * self.right / self.total) if self.total else 0


@dataclass(frozen=True)
class Calibration:
    """How often the learner was right when they said they were sure, or not."""

    title: str
    answered: int
    right: int

    @property
    def percent(self) -> int | None:
        """Share right, rounded, or None without answers."""
        return round(100 * self.right / self.answered) if self.answered else None


@dataclass(frozen=True)
class CueMastery:
    """How the learner reads statements that carry one kind of cue."""

    kind: str
    answered: int
    right: int
    misread_as: Label | None
    example: tuple[str, str, str] | None  # (quote, cue, article title)

    @property
    def title(self) -> str:
        """The kind of cue in words."""
        return CUE_TITLES.get(self.kind, self.kind)

    @property
    def percent(self) -> int:
        """Share right, rounded."""
        return round(100 * self.right / self.answered) if self.answered else 0


@dataclass(frozen=True)
class Progress:
    """Everything the progress page shows."""

    runs: list[RunPoint]
    card: Scorecard
    calibration: list[Calibration]
    cues: list[CueMastery]
    answers: int


def learner_answers(learner: Learner) -> list[tuple[Answer, Run, Statement]]:
    """Every answer of the learner with its run and statement, oldest first."""
    rows = db.session.execute(
        select(Answer, Run, Statement)
        .join(Run, Answer.run_id == Run.id)
        .join(Statement, Answer.statement_id == Statement.id)
        .where(Run.learner_id == learner.id)
        .order_by(Answer.created_at, Answer.id)
    )
    return [(answer, run, statement) for answer, run, statement in rows]


def learner_progress(learner: Learner) -> Progress:
    """The learner's figures from all their answers."""
    rows = learner_answers(learner)
    return Progress(
        runs=_runs(learner),
        card=score((s.label_enum, Label(a.chosen)) for a, _, s in rows),
        calibration=_calibration(rows),
        cues=_cue_mastery(rows),
        answers=len(rows),
    )


def _runs(learner: Learner) -> list[RunPoint]:
    runs = db.session.scalars(
        select(Run)
        .where(Run.learner_id == learner.id, Run.finished_at.is_not(None))
        .order_by(Run.finished_at)
    )
    return [
        RunPoint(
            run.finished_at,
            run.article.title if run.article else "Review of mistakes",
            sum(a.correct for a in run.answers),
            len(run.answers),
        )
        for run in runs
    ]


def _calibration(rows: list[tuple[Answer, Run, Statement]]) -> list[Calibration]:
    groups: dict[str | None, list[bool]] = defaultdict(list)
    for answer, _, _ in rows:
        groups[answer.confidence].append(answer.correct)
    titles = [(c.value, c.title) for c in Confidence] + [(None, "Did not say")]
    return [Calibration(title, len(groups[key]), sum(groups[key])) for key, title in titles]


def _cue_mastery(rows: list[tuple[Answer, Run, Statement]]) -> list[CueMastery]:
    answered: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong_as: dict[str, Counter[str]] = defaultdict(Counter)
    example: dict[str, tuple[str, str, str]] = {}
    for answer, _, statement in rows:
        for kind, phrase in {cue_kind(c["text"]): c["text"] for c in statement.cues}.items():
            answered[kind] += 1
            right[kind] += answer.correct
            if not answer.correct:
                wrong_as[kind][answer.chosen] += 1
                example.setdefault(kind, (statement.quote, phrase, statement.article.title))
            example.setdefault(kind, (statement.quote, phrase, statement.article.title))
    mastery = [
        CueMastery(
            kind,
            answered[kind],
            right[kind],
            Label(wrong_as[kind].most_common(1)[0][0]) if wrong_as[kind] else None,
            example.get(kind),
        )
        for kind in answered
    ]
    return sorted(mastery, key=lambda m: (m.percent, -m.answered))
