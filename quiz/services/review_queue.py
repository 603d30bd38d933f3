"""The learner's review queue: kept up to date with every answer; review runs drawn from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from quiz.codes import new_public_id
from quiz.extensions import db
from quiz.models import REVIEW, Learner, ReviewItem, Run, utcnow
from quiz.scheduling import ReviewState, schedule

REVIEW_RUN_SIZE = 20


def update_queue(learner_id: int, statement_id: int, correct: bool, run_id: int) -> None:
    """Apply the scheduling rule to one answer (the caller commits)."""
    item = db.session.scalar(
        select(ReviewItem).where(
            ReviewItem.learner_id == learner_id, ReviewItem.statement_id == statement_id
        )
    )
    state = (
        ReviewState(item.step, item.due_at, item.right_runs, item.last_right_run_id)
        if item
        else None
    )
    new = schedule(state, correct, run_id, utcnow())
    if new is None:
        if item is not None:
            db.session.delete(item)
        return
    if item is None:
        item = ReviewItem(learner_id=learner_id, statement_id=statement_id)
        db.session.add(item)
    item.step, item.due_at = new.step, new.due_at
    item.right_runs, item.last_right_run_id = new.right_runs, new.last_right_run_id


def due_items(learner: Learner, now: datetime) -> list[ReviewItem]:
    """Queued statements that are due, soonest first."""
    return list(
        db.session.scalars(
            select(ReviewItem)
            .where(ReviewItem.learner_id == learner.id, ReviewItem.due_at <= now)
            .order_by(ReviewItem.due_at, ReviewItem.id)
            .limit(REVIEW_RUN_SIZE)
        )
    )


def queue_summary(learner: Learner) -> tuple[int, int, datetime | None]:
    """(statements queued, due now, when the next one falls due)."""
    now = utcnow()
    queued = db.session.scalar(
        select(func.count(ReviewItem.id)).where(ReviewItem.learner_id == learner.id)
    )
    due = db.session.scalar(
        select(func.count(ReviewItem.id)).where(
            ReviewItem.learner_id == learner.id, ReviewItem.due_at <= now
        )
    )
    upcoming = db.session.scalar(
        select(func.min(ReviewItem.due_at)).where(
            ReviewItem.learner_id == learner.id, ReviewItem.due_at > now
        )
    )
    return queued, due, upcoming


def start_review(learner: Learner) -> Run | None:
    """A run of the due statements (None when nothing is due)."""
    items = due_items(learner, utcnow())
    if not items:
        return None
    run = Run(
        public_id=new_public_id(),
        learner=learner,
        article=None,
        kind=REVIEW,
        statement_ids=[item.statement_id for item in items],
    )
    db.session.add(run)
    db.session.commit()
    return run
