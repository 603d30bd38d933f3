"""The library's public pages: the list of articles and each article in full."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from quiz.library import queries
from quiz.library.blueprint import bp
from quiz.library.models import Article
from quiz.library.presenters import article_paragraphs
from quiz.library.teacher_notes import notes_html, unchecked_statements
from quiz.web.access import viewer_id
from quiz.web.forms import ActionForm


def visible_article_or_404(slug: str) -> Article:
    """The article, if it is public or the logged-in teacher's own; else 404."""
    article = queries.visible_article(slug, viewer_id())
    if article is None:
        abort(404)
    return article


@bp.get("/")
def index() -> str:
    """The library of articles and a short guide to the three labels."""
    return render_template("library/index.html", library=queries.library_listing(viewer_id()))


@bp.get("/articles/<slug>")
def article(slug: str) -> str:
    """The full article, each statement anchored so feedback can link to it."""
    article = visible_article_or_404(slug)
    paragraphs = article_paragraphs(article, article.active_statements, with_labels=False)
    is_teacher = current_user.is_authenticated and current_user.is_teacher
    return render_template(
        "library/article.html",
        article=article,
        paragraphs=paragraphs,
        form=ActionForm(),
        is_teacher=is_teacher,
        notes=notes_html(article.teacher_notes) if is_teacher and article.teacher_notes else None,
        unchecked=unchecked_statements(article) if article.owner_id == viewer_id() else [],
    )
