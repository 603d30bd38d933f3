"""The article library: articles and their quiz statements."""

from __future__ import annotations

from datetime import date, datetime
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
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import false, true

from quiz.database import (
    OUTLET_LENGTH,
    SLUG_LENGTH,
    TITLE_LENGTH,
    URL_LENGTH,
    Model,
    enum_column,
    utcnow,
)
from quiz.labels import Label


class Article(Model):
    """A news article in the library, loaded from ``content/<slug>/``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_LENGTH), unique=True)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    outlet: Mapped[str] = mapped_column(String(OUTLET_LENGTH))
    published: Mapped[date | None] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    licence: Mapped[str] = mapped_column(Text)
    credit: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Library content has no owner; a teacher's own article is private until shared.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    public: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # 1: cues explicit in the sentence; 2: the source inherited or nested; 3: interpretation
    # without a hedge word, or an event mixed with a reading of it (the README's "Levels").
    level: Mapped[int | None] = mapped_column(Integer)
    # Notes for teachers only (Markdown): lesson outline, prompts, likely splits, extension.
    teacher_notes: Mapped[str | None] = mapped_column(Text)

    statements: Mapped[list[Statement]] = relationship(
        back_populates="article", order_by="Statement.start"
    )

    @hybrid_method
    def visible_to(self, user_id: int | None) -> bool:
        """Whether a user (None: anyone) may see and use the article."""
        return self.public or (user_id is not None and self.owner_id == user_id)

    @visible_to.expression
    @classmethod
    def _visible_to_sql(cls, user_id: int | None) -> ColumnElement[bool]:
        """``visible_to`` as a SQL condition, for listing the articles a user may see."""
        return cls.public | (cls.owner_id == user_id)

    @property
    def active_statements(self) -> list[Statement]:
        """Statements still in the article's content file, in reading order."""
        return [s for s in self.statements if s.active]


class Statement(Model):
    """One quiz statement: a verbatim quote of its article with its label and explanation."""

    __table_args__ = (UniqueConstraint("article_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[Label] = mapped_column(enum_column(Label))
    explanation: Mapped[str] = mapped_column(Text)
    cues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    verify_note: Mapped[str | None] = mapped_column(Text)
    # A contestable statement: not scored; the class discusses ``prompt`` and the arguments
    # for the labels in play (label value -> text).
    discuss: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    prompt: Mapped[str | None] = mapped_column(Text)
    arguments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Words for a learner who chose a wrong label (label value -> text), where the author
    # wrote them; other mistakes get the text for their pair of labels.
    why_not: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # An earlier stretch of the article naming the statement's source, shown above the
    # question (None: the sentence before the statement).
    context_start: Mapped[int | None] = mapped_column(Integer)
    context_end: Mapped[int | None] = mapped_column(Integer)
    # A statement dropped from its content file stays, inactive, so past answers keep it.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    article: Mapped[Article] = relationship(back_populates="statements")


class ArticleDraft(Model):
    """A teacher's pasted or uploaded article with the analyser's suggestions, before review."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    outlet: Mapped[str] = mapped_column(String(OUTLET_LENGTH))
    published: Mapped[date | None] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    # The analyser's output: one dict per sentence (start, end, text, label, confidence, cues,
    # source, explanation).
    analysis: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
