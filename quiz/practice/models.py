"""Self-study practice: anonymous learners, their runs through an article, and answers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.database import LABEL_LENGTH, TOKEN_LENGTH, Model, enum_column, utcnow
from quiz.labels import Confidence, Label
from quiz.library.models import Article, Statement


class Learner(Model):
    """Someone practising, known only by a random id kept in their signed session cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set once the learner signs up or logs in: their runs then follow the account.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True
    )


class RunKind(StrEnum):
    """A run through one article, or a review of mistakes from several."""

    PRACTICE = "practice"
    REVIEW = "review"
    CUES = "cues"  # statements whose cues are of one group, from several articles


class Run(Model):
    """One practice run of a learner through an article's statements, in a shuffled order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    # None for a review run, which mixes statements of several articles.
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    kind: Mapped[RunKind] = mapped_column(
        enum_column(RunKind, 16), default=RunKind.PRACTICE, server_default=RunKind.PRACTICE.value
    )
    # The group of cue kinds a CUES run practises (a CueGroup value).
    focus: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    # Statement ids in the order this run asks them; fixed at creation so reloads are stable.
    statement_ids: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    article: Mapped[Article | None] = relationship()
    learner: Mapped[Learner] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="run", order_by="Answer.id", cascade="all, delete-orphan"
    )


class Answer(Model):
    """A learner's one and only answer to one statement of a run."""

    __table_args__ = (UniqueConstraint("run_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    chosen: Mapped[Label] = mapped_column(enum_column(Label))
    correct: Mapped[bool] = mapped_column(Boolean)
    confidence: Mapped[Confidence | None] = mapped_column(enum_column(Confidence, 16))
    # The evidence step: the words the learner marked and how they compare with the cues
    # ({"marks": [[start, end], ...], "found_source": bool, "found_hedge": bool | None}).
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    run: Mapped[Run] = relationship(back_populates="answers")
    statement: Mapped[Statement] = relationship()


class ReviewItem(Model):
    """A statement the learner got wrong, waiting in their spaced-repetition queue."""

    __table_args__ = (UniqueConstraint("learner_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    right_runs: Mapped[int] = mapped_column(Integer, default=0)
    last_right_run_id: Mapped[int | None] = mapped_column(Integer)

    statement: Mapped[Statement] = relationship()
