"""Reads of the library: articles a user may see, a teacher's own articles and drafts."""

from __future__ import annotations

from sqlalchemy import Row, func, select

from quiz.extensions import db
from quiz.library.models import Article, ArticleDraft, Statement


def visible_article(slug: str, user_id: int | None) -> Article | None:
    """The article, if it is public or this user's own."""
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    return article if article is not None and article.visible_to(user_id) else None


def own_article(slug: str, owner_id: int) -> Article | None:
    """The article, only if this teacher owns it."""
    return db.session.scalar(
        select(Article).where(Article.slug == slug, Article.owner_id == owner_id)
    )


def own_draft(draft_id: int, owner_id: int) -> ArticleDraft | None:
    """The draft, only if this teacher made it."""
    return db.session.scalar(
        select(ArticleDraft).where(ArticleDraft.id == draft_id, ArticleDraft.owner_id == owner_id)
    )


def drafts_of(owner_id: int) -> list[ArticleDraft]:
    """A teacher's drafts waiting for review."""
    return list(db.session.scalars(select(ArticleDraft).where(ArticleDraft.owner_id == owner_id)))


def library_listing(user_id: int | None) -> list[Row[tuple[Article, int]]]:
    """The articles a user may see with their number of statements, newest first."""
    return list(
        db.session.execute(
            select(Article, func.count(Statement.id))
            .outerjoin(Statement, (Statement.article_id == Article.id) & Statement.active)
            .where(Article.visible_to(user_id))
            .group_by(Article.id)
            .order_by(Article.published.desc().nulls_last(), Article.title)
        )
    )


def articles_for(user_id: int) -> list[Article]:
    """The articles a teacher may start a session on, by title."""
    return list(
        db.session.scalars(
            select(Article).where(Article.visible_to(user_id)).order_by(Article.title)
        )
    )
