"""Reads of self-study: learners, runs and their steps, the review queue, progress."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from quiz.analysis.kinds import CueGroup
from quiz.database import utcnow
from quiz.extensions import db
from quiz.library.models import Article, Statement
from quiz.practice.models import Answer, Learner, ReviewItem, Run, RunKind
from quiz.practice.progress import (
    AnsweredStatement,
    Progress,
    RunPoint,
    cue_group,
    cue_mastery,
    progress,
)
from quiz.scoring import Scorecard, score

REVIEW_RUN_SIZE = 20
REVIEW_TITLE = "Review of mistakes"
GOOD_RUN_PERCENT = 70


def account_learner(user_id: int) -> Learner | None:
    """The learner record of an account, if it has practised."""
    return db.session.scalar(select(Learner).where(Learner.user_id == user_id))


def anonymous_learner(public_id: str | None) -> Learner | None:
    """The learner a browser's cookie names, only if no account has taken it over."""
    if not public_id:
        return None
    return db.session.scalar(
        select(Learner).where(Learner.public_id == public_id, Learner.user_id.is_(None))
    )


def find_run(public_id: str, learner: Learner | None) -> Run | None:
    """A run, only if it belongs to this learner."""
    if learner is None:
        return None
    return db.session.scalar(
        select(Run).where(Run.public_id == public_id, Run.learner_id == learner.id)
    )


def answer_for(run_id: int, statement_id: int) -> Answer | None:
    """The run's answer to a statement, if given."""
    return db.session.scalar(
        select(Answer).where(Answer.run_id == run_id, Answer.statement_id == statement_id)
    )


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
    """The run's score from its answers (statements for discussion are not scored)."""
    return score((a.statement.label, a.chosen) for a in run.answers if not a.statement.discuss)


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


@dataclass(frozen=True)
class QueueSummary:
    """The learner's review queue at a glance."""

    queued: int = 0
    due: int = 0
    next_due: datetime | None = None


def queue_summary(learner: Learner) -> QueueSummary:
    """How many statements are queued and due now, and when the next one falls due."""
    now = utcnow()
    mine = ReviewItem.learner_id == learner.id
    queued, due, upcoming = db.session.execute(
        select(
            func.count(ReviewItem.id),
            func.count(ReviewItem.id).filter(ReviewItem.due_at <= now),
            func.min(ReviewItem.due_at).filter(ReviewItem.due_at > now),
        ).where(mine)
    ).one()
    return QueueSummary(queued, due, upcoming)


def learner_answers(learner: Learner) -> list[tuple[Answer, Run, Statement, str]]:
    """Every answer of the learner with its run, statement and article title, oldest first."""
    rows = db.session.execute(
        select(Answer, Run, Statement, Article.title)
        .join(Run, Answer.run_id == Run.id)
        .join(Statement, Answer.statement_id == Statement.id)
        .join(Article, Statement.article_id == Article.id)
        .where(Run.learner_id == learner.id)
        .order_by(Answer.created_at, Answer.id)
    )
    return [tuple(row) for row in rows]


def learner_progress(learner: Learner) -> Progress:
    """The learner's figures from all their answers."""
    return progress(_finished_runs(learner), _answered_statements(learner))


def _answered_statements(learner: Learner) -> list[AnsweredStatement]:
    return [
        AnsweredStatement(
            chosen=answer.chosen,
            correct=answer.correct,
            confidence=answer.confidence,
            label=statement.label,
            quote=statement.quote,
            cues=statement.cues,
            article_title=title,
            discuss=statement.discuss,
        )
        for answer, _, statement, title in learner_answers(learner)
    ]


def _finished_runs(learner: Learner) -> list[RunPoint]:
    runs = db.session.scalars(
        select(Run)
        .options(selectinload(Run.answers).selectinload(Answer.statement))
        .where(Run.learner_id == learner.id, Run.finished_at.is_not(None))
        .order_by(Run.finished_at)
    )
    points = []
    for run in runs:
        card = scorecard(run)
        points.append(RunPoint(run.finished_at, run_title(run), card.right, card.total))
    return points


def run_title(run: Run) -> str:
    """What a run was about: its article, or the kind of mixed run."""
    if run.article:
        return run.article.title
    focus = run_focus(run)
    return f"Practice: {focus.title}" if focus else REVIEW_TITLE


def run_focus(run: Run) -> CueGroup | None:
    """The group of cues a run practises, if it is such a run."""
    if run.kind is RunKind.CUES and run.focus in set(CueGroup):
        return CueGroup(run.focus)
    return None


def statements_to_practise(learner: Learner | None, group: CueGroup, limit: int = 10) -> list[int]:
    """Active statements of the public library with a cue of this group, those the learner has
    not answered right coming first, in a shuffled order."""
    statements = db.session.scalars(
        select(Statement)
        .join(Article, Statement.article_id == Article.id)
        .where(Statement.active, Article.public, Statement.discuss.is_(False))
    )
    matching = [s.id for s in statements if any(cue_group(c) is group for c in s.cues)]
    mastered = _answered_right(learner) if learner else set()
    shuffle = secrets.SystemRandom().shuffle
    fresh = [i for i in matching if i not in mastered]
    known = [i for i in matching if i in mastered]
    shuffle(fresh)
    shuffle(known)
    return (fresh + known)[:limit]


def _answered_right(learner: Learner) -> set[int]:
    return set(
        db.session.scalars(
            select(Answer.statement_id)
            .join(Run, Answer.run_id == Run.id)
            .where(Run.learner_id == learner.id, Answer.correct)
        )
    )


@dataclass(frozen=True)
class Suggestion:
    """What to practise next after a run."""

    article: Article | None  # the next article, by level and by the weakest group of cues
    group: CueGroup | None  # the learner's weakest group of cues


def suggest_next(learner: Learner, run: Run) -> Suggestion:
    """The learner's weakest group of cues, and the next article: a level up after a good run
    (the same level otherwise), one not practised yet where there is one, and among those the
    one with most statements of the weakest group."""
    weakest = cue_mastery([a for a in _answered_statements(learner) if not a.discuss])
    group = weakest[0].group if weakest else None
    level = run.article.level if run.article and run.article.level else 1
    wanted = min(level + 1, 3) if (scorecard(run).percent or 0) >= GOOD_RUN_PERCENT else level
    practised = set(db.session.scalars(select(Run.article_id).where(Run.learner_id == learner.id)))
    articles = db.session.scalars(
        select(Article)
        .options(selectinload(Article.statements))
        .where(Article.public, Article.id != (run.article_id or 0))
    ).all()

    def fit(article: Article) -> tuple[bool, int, int, str]:
        with_group = sum(
            1
            for statement in article.active_statements
            if not statement.discuss and any(cue_group(cue) is group for cue in statement.cues)
        )
        distance = abs((article.level or 1) - wanted)
        return (article.id in practised, distance, -with_group, article.title)

    usable = [a for a in articles if a.active_statements]
    return Suggestion(min(usable, key=fit) if usable else None, group)
