"""Classroom sessions run by a teacher, the students who join them, and their answers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import false

from quiz.accounts.models import User
from quiz.database import (
    CODE_LENGTH,
    NICKNAME_KEY_LENGTH,
    NICKNAME_LENGTH,
    TOKEN_LENGTH,
    Model,
    aware,
    enum_column,
    utcnow,
)
from quiz.labels import Label
from quiz.library.models import Article, Statement


class SessionMode(StrEnum):
    """Who sets the pace of a classroom session."""

    SELF_PACED = "self_paced"  # each student at their own pace
    LIVE = "live"  # the teacher's screen shows one statement at a time


class Feedback(StrEnum):
    """When students of a self-paced session see the answers."""

    EACH = "each"  # after each answer
    END = "end"  # only at the end


class ClassSession(Model):
    """A teacher's classroom session on one article that students join with a code."""

    __tablename__ = "class_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    mode: Mapped[SessionMode] = mapped_column(enum_column(SessionMode, 16))
    shuffle: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback: Mapped[Feedback] = mapped_column(enum_column(Feedback, 8), default=Feedback.EACH)
    # The statements the teacher chose, in reading order.
    statement_ids: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Live mode: index into statement_ids of the statement on screen (-1 before the first).
    current_index: Mapped[int] = mapped_column(Integer, default=-1)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Closed to new students (those who joined go on).
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Students mark the words that tell them, after choosing a label.
    evidence_step: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Tied to an LMS activity (quiz.lti): a learner's last answer sends a grade back.
    lms_linked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Bumped on every change students must see; the ETag of their state polls.
    version: Mapped[int] = mapped_column(Integer, default=1)

    teacher: Mapped[User] = relationship()
    article: Mapped[Article] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="class_session", order_by="Participant.id", passive_deletes=True
    )

    @property
    def is_live(self) -> bool:
        """Whether the teacher drives the pace."""
        return self.mode is SessionMode.LIVE

    @property
    def current_statement_id(self) -> int | None:
        """Live mode: the statement on screen, or None before the first."""
        if self.current_index < 0:
            return None
        return self.statement_ids[self.current_index]

    @hybrid_method
    def is_open(self, now: datetime) -> bool:
        """Whether students may still join and answer."""
        if self.closed_at is not None:
            return False
        return self.closes_at is None or now < aware(self.closes_at)

    @is_open.expression
    @classmethod
    def _is_open_sql(cls, now: datetime) -> ColumnElement[bool]:
        """``is_open`` as a SQL condition."""
        return cls.closed_at.is_(None) & (cls.closes_at.is_(None) | (cls.closes_at > now))


class Participant(Model):
    """A student in a session, known by a nickname and a token in their cookie."""

    __table_args__ = (UniqueConstraint("session_id", "nickname_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"))
    nickname: Mapped[str] = mapped_column(String(NICKNAME_LENGTH))
    nickname_key: Mapped[str] = mapped_column(String(NICKNAME_KEY_LENGTH))
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True)
    # The order this student is asked the statements (shuffled when the teacher chose so).
    statement_ids: Mapped[list[int]] = mapped_column(JSON)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    class_session: Mapped[ClassSession] = relationship(back_populates="participants")
    responses: Mapped[list[ClassAnswer]] = relationship(
        back_populates="participant", order_by="ClassAnswer.id", passive_deletes=True
    )


class ClassAnswer(Model):
    """A student's one answer to one statement of a session."""

    __table_args__ = (
        UniqueConstraint("participant_id", "statement_id"),
        Index("ix_class_answer_session_statement", "session_id", "statement_id", "chosen"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    chosen: Mapped[Label] = mapped_column(enum_column(Label))
    correct: Mapped[bool] = mapped_column(Boolean)
    # The evidence step's marks and result, as in practice answers.
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="responses")
    statement: Mapped[Statement] = relationship()
