"""Read-only figures of a classroom session: the live dashboard and the results."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.labels import Label
from quiz.models import ClassAnswer, ClassSession, Participant, Statement
from quiz.scoring import Scorecard, score


@dataclass
class StatementResult:
    """How the class answered one statement."""

    position: int
    statement: Statement
    counts: dict[Label, int] = field(default_factory=lambda: dict.fromkeys(Label, 0))

    @property
    def answered(self) -> int:
        """How many students answered it."""
        return sum(self.counts.values())

    @property
    def right(self) -> int:
        """How many answered it right."""
        return self.counts[self.statement.label_enum]

    @property
    def percent_right(self) -> int | None:
        """Share right, rounded, or None when nobody answered."""
        return round(100 * self.right / self.answered) if self.answered else None

    @property
    def most_common_wrong(self) -> Label | None:
        """The wrong label chosen most often, if any was."""
        wrong = {k: v for k, v in self.counts.items() if k != self.statement.label_enum and v}
        return max(wrong, key=lambda k: (wrong[k], -list(Label).index(k))) if wrong else None


@dataclass
class StudentResult:
    """One student's score in the session."""

    participant: Participant
    card: Scorecard


@dataclass
class SessionReport:
    """Everything the results page and the exports show."""

    statements: list[StatementResult]
    students: list[StudentResult]
    card: Scorecard
    responses: list[ClassAnswer]

    def cell(self, true: Label, chosen: Label) -> list[tuple[StatementResult, int]]:
        """The statements behind one cell of the class matrix, with how often each."""
        if true is None or chosen is None:
            return []
        return [
            (result, result.counts[chosen])
            for result in self.statements
            if result.statement.label_enum == true and result.counts[chosen]
        ]


def _session_answers(session: ClassSession) -> list[ClassAnswer]:
    """The session's answers (removing a student deletes theirs, so all of these count)."""
    return list(
        db.session.scalars(
            select(ClassAnswer).where(ClassAnswer.session_id == session.id).order_by(ClassAnswer.id)
        )
    )


def session_statements(session: ClassSession) -> list[Statement]:
    """The session's statements in the session's order."""
    by_id = {
        s.id: s
        for s in db.session.scalars(
            select(Statement).where(Statement.id.in_(session.statement_ids))
        )
    }
    return [by_id[i] for i in session.statement_ids]


def session_report(session: ClassSession) -> SessionReport:
    """Per statement, per student and class-wide figures of a session."""
    statements = session_statements(session)
    results = {s.id: StatementResult(n, s) for n, s in enumerate(statements, 1)}
    responses = _session_answers(session)
    pairs_by_student: dict[int, list[tuple[Label, Label]]] = defaultdict(list)
    for response in responses:
        chosen = Label(response.chosen)
        results[response.statement_id].counts[chosen] += 1
        pairs_by_student[response.participant_id].append(
            (results[response.statement_id].statement.label_enum, chosen)
        )
    students = [
        StudentResult(p, score(pairs_by_student[p.id]))
        for p in session.participants
        if p.removed_at is None
    ]
    class_pairs = [pair for pairs in pairs_by_student.values() for pair in pairs]
    return SessionReport(list(results.values()), students, score(class_pairs), responses)


def live_snapshot(session: ClassSession) -> dict:
    """The dashboard's figures: participants' progress and each statement's answer counts.

    Polled every second by the teacher's page, so it reads plain rows (no ORM objects) in
    three small queries. Removing a student deletes their answers, so no join is needed.
    """
    per_statement: dict[int, Counter[str]] = defaultdict(Counter)
    for statement_id, chosen, count in db.session.execute(
        select(ClassAnswer.statement_id, ClassAnswer.chosen, func.count())
        .where(ClassAnswer.session_id == session.id)
        .group_by(ClassAnswer.statement_id, ClassAnswer.chosen)
    ):
        per_statement[statement_id][chosen] = count
    progress = {
        pid: (answered, int(right or 0))
        for pid, answered, right in db.session.execute(
            select(
                ClassAnswer.participant_id,
                func.count(),
                func.sum(db.case((ClassAnswer.correct, 1), else_=0)),
            )
            .where(ClassAnswer.session_id == session.id)
            .group_by(ClassAnswer.participant_id)
        )
    }
    participants = db.session.execute(
        select(Participant.id, Participant.nickname)
        .where(Participant.session_id == session.id, Participant.removed_at.is_(None))
        .order_by(Participant.id)
    ).all()
    return {
        "version": session.version,
        "closed": session.closed_at is not None,
        "current": session.current_index,
        "revealed": session.revealed,
        "participants": [
            {
                "id": pid,
                "nickname": nickname,
                "answered": progress.get(pid, (0, 0))[0],
                "right": progress.get(pid, (0, 0))[1],
            }
            for pid, nickname in participants
        ],
        "statements": [
            {
                "position": n,
                "counts": {label.value: per_statement[sid][label.value] for label in Label},
            }
            for n, sid in enumerate(session.statement_ids, 1)
        ],
    }


def change_marker(session: ClassSession) -> str:
    """A cheap value (one query) that changes whenever the dashboard's figures can change."""
    joined = (
        select(func.count(Participant.id))
        .where(Participant.session_id == session.id)
        .scalar_subquery()
    )
    count, last, participants = db.session.execute(
        select(func.count(ClassAnswer.id), func.max(ClassAnswer.id), joined).where(
            ClassAnswer.session_id == session.id
        )
    ).one()
    return f"{session.id}-{session.version}-{participants}-{count}-{last or 0}"
