"""Data retention: delete class sessions closed longer ago than the schools' rules allow,
with their students and answers (``flask ops purge``, ``CLASS_DATA_RETENTION_DAYS``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, CompoundSelect, Select, delete, func, or_, select, union

from quiz.classroom.models import ClassAnswer, ClassSession, Participant
from quiz.database import utcnow
from quiz.extensions import db
from quiz.lti.models import LtiActivity


@dataclass(frozen=True)
class Purged:
    """How many rows a purge deleted (or would delete)."""

    sessions: int
    participants: int
    answers: int


def expired_sessions(cutoff: datetime) -> Select:
    """The ids of sessions closed before ``cutoff``.

    A session is closed when the teacher closed it, or when its time ran out; a session that
    is still open is never expired, however old. A session of an LMS activity is kept while
    its course is in use (``courses_in_use``).
    """
    closed = _closed_at()
    return (
        select(ClassSession.id)
        .outerjoin(LtiActivity, LtiActivity.session_id == ClassSession.id)
        .where(
            closed.is_not(None),
            closed < cutoff,
            or_(LtiActivity.id.is_(None), LtiActivity.course_id.not_in(courses_in_use(cutoff))),
        )
    )


def courses_in_use(cutoff: datetime) -> CompoundSelect:
    """LMS courses still in use: one of their activities' sessions is open, closed since the
    cutoff, or was answered since it."""
    closed = _closed_at()
    answered = (
        select(LtiActivity.course_id)
        .join(ClassAnswer, ClassAnswer.session_id == LtiActivity.session_id)
        .where(ClassAnswer.created_at >= cutoff)
    )
    running = (
        select(LtiActivity.course_id)
        .join(ClassSession, ClassSession.id == LtiActivity.session_id)
        .where(or_(closed.is_(None), closed >= cutoff))
    )
    return union(answered, running)


def _closed_at() -> ColumnElement[datetime | None]:
    return func.coalesce(ClassSession.closed_at, ClassSession.closes_at)


def purge_closed_sessions(
    days: int, *, now: datetime | None = None, dry_run: bool = False
) -> Purged:
    """Delete the sessions closed more than ``days`` ago with their students and answers,
    in one transaction; ``dry_run`` only counts them."""
    expired = expired_sessions((now or utcnow()) - timedelta(days=days))
    counts = Purged(
        sessions=_count(ClassSession.id.in_(expired)),
        participants=_count(Participant.session_id.in_(expired)),
        answers=_count(ClassAnswer.session_id.in_(expired)),
    )
    if dry_run or not counts.sessions:
        return counts
    # Answers and students first: SQLite enforces the foreign keys, without cascades here
    # (an LMS activity and its learners and grades go with their session and students).
    for model in (ClassAnswer, Participant):
        db.session.execute(delete(model).where(model.session_id.in_(expired)))
    db.session.execute(delete(ClassSession).where(ClassSession.id.in_(expired)))
    db.session.commit()
    return counts


def _count(condition: ColumnElement[bool]) -> int:
    return db.session.scalar(select(func.count()).where(condition))
