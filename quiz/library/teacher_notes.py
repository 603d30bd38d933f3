"""Teachers' notes and reminders for an article: pure helpers for the article's pages."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from quiz.labels import Label
from quiz.library.models import Article, Statement


@lru_cache(maxsize=64)
def notes_html(notes: str) -> Markup:
    """A teacher's notes (Markdown) as HTML; any HTML in the notes is shown as text."""
    return Markup(MarkdownIt("commonmark", {"html": False}).render(notes))


def unchecked_statements(article: Article) -> list[Statement]:
    """Statements that are not verified and say nothing on how to verify them: a teacher's own
    article is reminded of them (the library refuses them)."""
    return [
        s for s in article.active_statements if s.label is not Label.VERIFIED and not s.verify_note
    ]
