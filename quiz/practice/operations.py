"""Writes of self-study: runs, answers (each exactly once), the review queue, accounts' runs.

Each function is one action and commits once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quiz import evidence
from quiz.accounts.models import User
from quiz.analysis.kinds import CueGroup
from quiz.codes import new_public_id
from quiz.database import utcnow
from quiz.errors import DomainError, ErrorKind
from quiz.extensions import db
from quiz.labels import Confidence, Label, is_correct
from quiz.library.models import Article, Statement
from quiz.ops.metrics import count_answer_stored
from quiz.practice import queries
from quiz.practice.models import Answer, Learner, ReviewItem, Run, RunKind
from quiz.scheduling import ReviewState, schedule


class StatementNotInRun(DomainError):
    """The answered statement is not one this run asks."""

    kind = ErrorKind.INVALID


@dataclass(frozen=True)
class AnswerOutcome:
    """The stored answer, and whether this request created it (False on a repeat)."""

    answer: Answer
    created: bool


def _learner_or_new(learner: Learner | None, user_id: int | None) -> Learner:
    if learner is None:
        learner = Learner(public_id=new_public_id(), user_id=user_id)
        db.session.add(learner)
    return learner


def start_run(article: Article, learner: Learner | None, user_id: int | None = None) -> Run:
    """Start a run through the article's statements in a fresh shuffled order; a learner
    without a record yet gets one (the account's, when ``user_id`` is given)."""
    learner = _learner_or_new(learner, user_id)
    statement_ids = [s.id for s in article.active_statements]
    secrets.SystemRandom().shuffle(statement_ids)
    run = Run(
        public_id=new_public_id(), learner=learner, article=article, statement_ids=statement_ids
    )
    db.session.add(run)
    db.session.commit()
    return run


def record_answer(
    run: Run, statement_ref: str, chosen: Label, confidence: Confidence | None
) -> AnswerOutcome:
    """Store the learner's answer once (a repeat returns the first answer unchanged), and
    update the learner's review queue in the same transaction."""
    statement = _statement_in_run(run, statement_ref)
    existing = queries.answer_for(run.id, statement.id)
    if existing is not None:
        return AnswerOutcome(existing, created=False)
    answer = Answer(
        run=run,
        statement=statement,
        chosen=chosen,
        correct=is_correct(statement.label, chosen),
        confidence=confidence,
    )
    db.session.add(answer)
    try:
        db.session.flush()
        _finish_if_complete(run)
        if not statement.discuss:  # a contestable statement is discussed, not reviewed
            _update_queue(run.learner_id, statement.id, answer.correct, run.id)
        db.session.commit()
    except IntegrityError:
        # Another request stored this answer first (double submit, second tab).
        db.session.rollback()
        return AnswerOutcome(queries.answer_for(run.id, statement.id), created=False)
    count_answer_stored("practice")
    return AnswerOutcome(answer, created=True)


def record_evidence(answer: Answer, marks: list[list[int]] | list[tuple[int, int]]) -> None:
    """Keep the words the learner marked for an answer, scored against the cues (once: the
    first marks stay, as the first answer does)."""
    if answer.evidence is not None:
        return
    statement = answer.statement
    span = evidence.markable_span(statement.start, statement.end, statement.cues)
    kept = evidence.clean_marks(marks, span)
    result = evidence.score(statement.article.body, kept, statement.cues)
    answer.evidence = result.as_dict(kept)
    db.session.commit()


def _statement_in_run(run: Run, statement_ref: str) -> Statement:
    """The statement a form names by id, if the run asks it."""
    statement_id = int(statement_ref) if statement_ref.isdigit() else None
    if statement_id is None or statement_id not in run.statement_ids:
        raise StatementNotInRun("That statement is not part of this practice run.")
    return db.session.get(Statement, statement_id)


def _finish_if_complete(run: Run) -> None:
    answered = db.session.scalar(select(func.count()).where(Answer.run_id == run.id))
    if answered >= len(run.statement_ids) and run.finished_at is None:
        run.finished_at = utcnow()


def _update_queue(learner_id: int, statement_id: int, correct: bool, run_id: int) -> None:
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


def start_review(learner: Learner) -> Run | None:
    """A run of the due statements (None when nothing is due)."""
    items = queries.due_items(learner, utcnow())
    if not items:
        return None
    run = Run(
        public_id=new_public_id(),
        learner=learner,
        article=None,
        kind=RunKind.REVIEW,
        statement_ids=[item.statement_id for item in items],
    )
    db.session.add(run)
    db.session.commit()
    return run


def start_cue_practice(
    learner: Learner | None, group: CueGroup, user_id: int | None = None
) -> Run | None:
    """A run of statements whose cue words are of one group, from the public library: the ones
    this learner has not yet answered right first (None when the library has none)."""
    statement_ids = queries.statements_to_practise(learner, group)
    if not statement_ids:
        return None
    learner = _learner_or_new(learner, user_id)
    run = Run(
        public_id=new_public_id(),
        learner=learner,
        article=None,
        kind=RunKind.CUES,
        focus=group.value,
        statement_ids=statement_ids,
    )
    db.session.add(run)
    db.session.commit()
    return run


def claim_learner(user: User, browser_learner_id: str | None) -> Learner:
    """The account's learner record, taking over the runs this browser made before.

    A new account adopts the browser's learner; an existing one absorbs its runs and review
    queue (keeping the account's own entry where both queued the same statement). The adopted
    learner gets a new public id, so a copy of the browser's old cookie opens nothing.
    """
    own = queries.account_learner(user.id)
    browser = queries.anonymous_learner(browser_learner_id)
    if own is None:
        own = browser or Learner()
        own.user_id = user.id
        own.public_id = new_public_id()
        db.session.add(own)
    elif browser is not None and browser.id != own.id:
        _merge_into(own, browser)
    db.session.commit()
    return own


def _merge_into(own: Learner, other: Learner) -> None:
    for run in db.session.scalars(select(Run).where(Run.learner_id == other.id)):
        run.learner_id = own.id
    queued = set(
        db.session.scalars(select(ReviewItem.statement_id).where(ReviewItem.learner_id == own.id))
    )
    for item in db.session.scalars(select(ReviewItem).where(ReviewItem.learner_id == other.id)):
        if item.statement_id in queued:
            db.session.delete(item)
        else:
            item.learner_id = own.id
    db.session.flush()
    db.session.delete(other)
