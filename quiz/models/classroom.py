"""Classroom sessions run by a teacher, the students who join them, and their answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import LABEL_LENGTH, utcnow

if TYPE_CHECKING:
    from quiz.models.accounts import User
    from quiz.models.library import Article, Statement

SELF_PACED = "self_paced"
LIVE = "live"
FEEDBACK_EACH = "each"
FEEDBACK_END = "end"


class ClassSession(db.Model):
    """A teacher's session on one article that students join with a code."""

    __tablename__ = "class_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(6), unique=True)
    mode: Mapped[str] = mapped_column(String(16))
    shuffle: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback: Mapped[str] = mapped_column(String(8), default=FEEDBACK_EACH)
    # The statements the teacher chose, in reading order.
    statement_ids: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Live mode: index into statement_ids of the statement on screen (-1 before the first).
    current_index: Mapped[int] = mapped_column(Integer, default=-1)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on every change students must see; the ETag of their state polls.
    version: Mapped[int] = mapped_column(Integer, default=1)

    teacher: Mapped[User] = relationship()
    article: Mapped[Article] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="session", order_by="Participant.id", passive_deletes=True
    )

    @property
    def is_live(self) -> bool:
        """Whether the teacher drives the pace."""
        return self.mode == LIVE

    @property
    def current_statement_id(self) -> int | None:
        """Live mode: the statement on screen, or None before the first."""
        if self.current_index < 0:
            return None
        return self.statement_ids[self.current_index]

    def is_open(self, now: datetime) -> bool:
        """Whether students may still join and answer."""
        if self.closed_at is not None:
            return False
        return self.closes_at is None or now < _aware(self.closes_at)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Participant(db.Model):
    """A student in a session, known by a nickname and a token in their cookie."""

    __table_args__ = (UniqueConstraint("session_id", "nickname_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"))
    nickname: Mapped[str] = mapped_column(String(24))
    nickname_key: Mapped[str] = mapped_column(String(96))
    token: Mapped[str] = mapped_column(String(43), unique=True)
    # The order this student is asked the statements (shuffled when the teacher chose so).
    statement_ids: Mapped[list[int]] = mapped_column(JSON)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    session: Mapped[ClassSession] = relationship(back_populates="participants")
    responses: Mapped[list[ClassAnswer]] = relationship(
        back_populates="participant", order_by="ClassAnswer.id", passive_deletes=True
    )


class ClassAnswer(db.Model):
    """A student's one answer to one statement of a session."""

    __table_args__ = (
        UniqueConstraint("participant_id", "statement_id"),
        Index("ix_class_answer_session_statement", "session_id", "statement_id", "chosen"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    chosen: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    correct: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="responses")
    statement: Mapped[Statement] = relationship()
