"""Practice runs: start one, record answers exactly once, and read a run's progress."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quiz.codes import new_public_id
from quiz.extensions import db
from quiz.labels import Confidence, Label, is_correct
from quiz.models import Answer, Article, Learner, Run, Statement, utcnow
from quiz.scoring import Scorecard, score
from quiz.services.review_queue import update_queue


class StatementNotInRun(Exception):
    """The answered statement is not one this run asks."""


@dataclass(frozen=True)
class AnswerOutcome:
    """The stored answer, and whether this request created it (False on a repeat)."""

    answer: Answer
    created: bool


def find_learner(public_id: str | None) -> Learner | None:
    """The learner a session cookie names, if any."""
    if not public_id:
        return None
    return db.session.scalar(select(Learner).where(Learner.public_id == public_id))


def start_run(article: Article, learner_public_id: str | None) -> Run:
    """Start a run through the article's statements in a fresh shuffled order."""
    learner = find_learner(learner_public_id)
    if learner is None:
        learner = Learner(public_id=new_public_id())
        db.session.add(learner)
    statement_ids = [s.id for s in article.active_statements]
    secrets.SystemRandom().shuffle(statement_ids)
    run = Run(
        public_id=new_public_id(),
        learner=learner,
        article=article,
        statement_ids=statement_ids,
    )
    db.session.add(run)
    db.session.commit()
    return run


def find_run(public_id: str, learner_public_id: str | None) -> Run | None:
    """A run, only if it belongs to the learner whose cookie asks for it."""
    if not learner_public_id:
        return None
    return db.session.scalar(
        select(Run)
        .join(Learner)
        .where(Run.public_id == public_id, Learner.public_id == learner_public_id)
    )


def record_answer(
    run: Run, statement_ref: str, chosen: Label, confidence: Confidence | None
) -> AnswerOutcome:
    """Store the learner's answer once (a repeat returns the first answer unchanged), and
    update the learner's review queue in the same transaction."""
    statement = _statement_in_run(run, statement_ref)
    existing = _answer_for(run, statement)
    if existing is not None:
        return AnswerOutcome(existing, created=False)
    answer = Answer(
        run=run,
        statement=statement,
        chosen=chosen.value,
        correct=is_correct(statement.label_enum, chosen),
        confidence=confidence.value if confidence else None,
    )
    db.session.add(answer)
    try:
        db.session.flush()
        _finish_if_complete(run)
        update_queue(run.learner_id, statement.id, answer.correct, run.id)
        db.session.commit()
    except IntegrityError:
        # Another request stored this answer first (double submit, second tab).
        db.session.rollback()
        return AnswerOutcome(_answer_for(run, statement), created=False)
    return AnswerOutcome(answer, created=True)


def _statement_in_run(run: Run, statement_ref: str) -> Statement:
    """The statement a form names by id, if the run asks it."""
    statement_id = int(statement_ref) if statement_ref.isdigit() else None
    if statement_id is None or statement_id not in run.statement_ids:
        raise StatementNotInRun(statement_ref)
    return db.session.get(Statement, statement_id)


def _answer_for(run: Run, statement: Statement) -> Answer | None:
    return db.session.scalar(
        select(Answer).where(Answer.run_id == run.id, Answer.statement_id == statement.id)
    )


def _finish_if_complete(run: Run) -> None:
    answered = db.session.scalar(select(func.count()).where(Answer.run_id == run.id))
    if answered >= len(run.statement_ids) and run.finished_at is None:
        run.finished_at = utcnow()


@dataclass(frozen=True)
class Step:
    """One statement of a run in its position, with the learner's answer if given."""

    position: int
    statement: Statement
    answer: Answer | None


def steps(run: Run) -> list[Step]:
    """The run's statements in the run's order, each with its answer so far."""
    statements = {
        s.id: s
        for s in db.session.scalars(select(Statement).where(Statement.id.in_(run.statement_ids)))
    }
    answers = {a.statement_id: a for a in run.answers}
    return [
        Step(position, statements[sid], answers.get(sid))
        for position, sid in enumerate(run.statement_ids, 1)
    ]


def next_step(run: Run) -> Step | None:
    """The first statement not yet answered, or None when the run is complete."""
    return next((step for step in steps(run) if step.answer is None), None)


def step_at(run: Run, position: int) -> Step | None:
    """The statement at a 1-based position of the run, if the position exists."""
    if not 1 <= position <= len(run.statement_ids):
        return None
    return steps(run)[position - 1]


def scorecard(run: Run) -> Scorecard:
    """The run's score from its answers."""
    return score((a.statement.label_enum, Label(a.chosen)) for a in run.answers)
