"""Database models: the article library, learners, practice runs and their answers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.labels import Label

LABEL_LENGTH = 32


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Article(db.Model):
    """A news article in the library, loaded from ``content/<slug>/``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    outlet: Mapped[str] = mapped_column(String(200))
    published: Mapped[date | None] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(1000))
    licence: Mapped[str] = mapped_column(Text)
    credit: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    statements: Mapped[list[Statement]] = relationship(
        back_populates="article", order_by="Statement.start"
    )

    @property
    def active_statements(self) -> list[Statement]:
        """Statements still in the article's content file, in reading order."""
        return [s for s in self.statements if s.active]


class Statement(db.Model):
    """One quiz statement: a verbatim quote of its article with its label and explanation."""

    __table_args__ = (UniqueConstraint("article_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    explanation: Mapped[str] = mapped_column(Text)
    cues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    verify_note: Mapped[str | None] = mapped_column(Text)
    # A statement dropped from its content file stays, inactive, so past answers keep it.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    article: Mapped[Article] = relationship(back_populates="statements")

    @property
    def label_enum(self) -> Label:
        """The statement's label as an enum member."""
        return Label(self.label)


class Learner(db.Model):
    """Someone practising, known only by a random id kept in their signed session cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(43), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Run(db.Model):
    """One practice run of a learner through an article's statements, in a shuffled order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(43), unique=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    # Statement ids in the order this run asks them; fixed at creation so reloads are stable.
    statement_ids: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    article: Mapped[Article] = relationship()
    learner: Mapped[Learner] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="run", order_by="Answer.id", cascade="all, delete-orphan"
    )


class Answer(db.Model):
    """A learner's one and only answer to one statement of a run."""

    __table_args__ = (UniqueConstraint("run_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    chosen: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    correct: Mapped[bool] = mapped_column(Boolean)
    confidence: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    run: Mapped[Run] = relationship(back_populates="answers")
    statement: Mapped[Statement] = relationship()
