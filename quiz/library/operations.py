"""Writes to the library: loading content/, teachers' drafts, publishing, importing, sharing.

Each function is one action and commits once (or, for the loader, writes all or nothing).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select, update

from quiz.accounts.models import User
from quiz.analysis import analyse
from quiz.database import utcnow
from quiz.extensions import db
from quiz.library.archives import normalise_text
from quiz.library.content_files import ArticleSpec, read_library
from quiz.library.drafting import (
    Choice,
    check_length,
    check_sentences,
    statements_from_choices,
    unique_slug,
)
from quiz.library.models import Article, ArticleDraft, Statement
from quiz.library.statement_rules import Problem, StatementSpec
from quiz.text import context_before


@dataclass
class LoadReport:
    """What a load changed, counted per kind of change."""

    articles_created: int = 0
    articles_updated: int = 0
    statements_created: int = 0
    statements_updated: int = 0
    statements_retired: int = 0
    statements_unchanged: int = 0

    @property
    def changed(self) -> bool:
        """Whether the load wrote anything at all."""
        return any(
            (
                self.articles_created,
                self.articles_updated,
                self.statements_created,
                self.statements_updated,
                self.statements_retired,
            )
        )


class ContentInvalid(Exception):
    """Content that failed validation; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


def load_content(content_dir: Path) -> LoadReport:
    """Validate every article under ``content_dir`` and write them all, or nothing."""
    reading = read_library(content_dir)
    if reading.problems:
        raise ContentInvalid(reading.problems)
    report = LoadReport()
    try:
        for spec in reading.articles:
            _upsert_article(spec, report)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def article_values(spec: ArticleSpec) -> dict[str, Any]:
    """The article's columns as a spec gives them."""
    return {
        "title": spec.title,
        "outlet": spec.outlet,
        "published": spec.published,
        "source_url": spec.source_url,
        "licence": spec.licence,
        "credit": spec.credit,
        "body": spec.body,
        "level": spec.level,
        "teacher_notes": spec.teacher_notes,
    }


def statement_values(spec: StatementSpec, body: str) -> dict[str, Any]:
    """The statement's columns as a spec gives them (with the sentence before it as context,
    where the spec names no context of its own)."""
    context = spec.context or context_before(body, spec.start)
    return {
        "quote": spec.quote,
        "start": spec.start,
        "end": spec.end,
        "label": spec.label,
        "explanation": spec.explanation,
        "cues": [
            {"text": c.text, "start": c.start, "end": c.end, "kind": c.kind} for c in spec.cues
        ],
        "verify_note": spec.verify_note,
        "discuss": spec.discuss,
        "prompt": spec.prompt,
        "arguments": {label.value: text for label, text in spec.arguments.items()},
        "why_not": {label.value: text for label, text in spec.why_not.items()},
        "context_start": context[0] if context else None,
        "context_end": context[1] if context else None,
        "active": True,
    }


def _assign_changes(target: object, values: dict[str, Any]) -> bool:
    """Set only the attributes that differ, so an unchanged row is not written."""
    changed = False
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def _upsert_article(spec: ArticleSpec, report: LoadReport) -> None:
    article = db.session.scalar(select(Article).where(Article.slug == spec.slug))
    if article is None:
        article = Article(slug=spec.slug, **article_values(spec))
        db.session.add(article)
        report.articles_created += 1
        _apply_statements(article, spec, report)
    else:
        _apply_spec(article, spec, report)


def _apply_spec(article: Article, spec: ArticleSpec, report: LoadReport) -> None:
    """Give an existing article the spec's fields and statements (its slug and owner stay)."""
    if _assign_changes(article, article_values(spec)):
        article.updated_at = utcnow()
        report.articles_updated += 1
    _apply_statements(article, spec, report)


def _apply_statements(article: Article, spec: ArticleSpec, report: LoadReport) -> None:
    """Statements by key: new ones added, changed ones updated in their rows (answers given to
    them stay), those no longer in the spec retired."""
    existing = {s.key: s for s in article.statements}
    for statement_spec in spec.statements:
        _upsert_statement(
            article, existing.pop(statement_spec.key, None), statement_spec, spec.body, report
        )
    for retired in existing.values():
        if retired.active:
            retired.active = False
            report.statements_retired += 1


def _upsert_statement(
    article: Article,
    statement: Statement | None,
    spec: StatementSpec,
    body: str,
    report: LoadReport,
) -> None:
    values = statement_values(spec, body)
    if statement is None:
        article.statements.append(Statement(key=spec.key, **values))
        report.statements_created += 1
    elif _assign_changes(statement, values):
        report.statements_updated += 1
    else:
        report.statements_unchanged += 1


def _new_article(spec: ArticleSpec, *, owner_id: int | None, public: bool) -> Article:
    """An Article with its statements built from a spec, added to the session (not committed)."""
    article = Article(slug=spec.slug, owner_id=owner_id, public=public, **article_values(spec))
    article.statements = [
        Statement(key=s.key, **statement_values(s, spec.body)) for s in spec.statements
    ]
    db.session.add(article)
    return article


def create_draft(
    owner: User,
    *,
    title: str,
    outlet: str,
    published: date | None,
    source_url: str | None,
    text: str,
) -> ArticleDraft:
    """Analyse the text and keep it as a draft for review."""
    body = normalise_text(text) if text.strip() else ""
    check_length(body)
    sentences = [s.as_dict() for s in analyse(body)]
    check_sentences(sentences)
    draft = ArticleDraft(
        owner_id=owner.id,
        title=title.strip(),
        outlet=outlet.strip(),
        published=published,
        source_url=source_url or None,
        body=body,
        analysis=sentences,
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def publish(draft: ArticleDraft, choices: list[Choice], *, public: bool) -> Article:
    """Turn the reviewed draft into the teacher's article, in one transaction."""
    statements = statements_from_choices(draft.body, draft.analysis, choices)
    owner_name = db.session.get(User, draft.owner_id).name
    spec = ArticleSpec(
        slug=unique_slug(draft.title),
        title=draft.title,
        outlet=draft.outlet,
        published=draft.published,
        source_url=draft.source_url,
        licence=f"Added by {owner_name} for classroom use; rights remain with the publisher.",
        credit=draft.outlet + (f", {draft.published.isoformat()}" if draft.published else ""),
        body=draft.body,
        statements=statements,
    )
    article = _new_article(spec, owner_id=draft.owner_id, public=public)
    db.session.delete(draft)
    db.session.commit()
    return article


def discard_draft(draft: ArticleDraft) -> None:
    """Throw a draft away."""
    db.session.delete(draft)
    db.session.commit()


def import_article(owner: User, spec: ArticleSpec, *, copy_title: str | None = None) -> Article:
    """Add a validated content folder as the teacher's private article (a new id if taken);
    ``copy_title``: it is a copy of an article already here, under that title and a new id."""
    if copy_title is not None:
        spec = dataclasses.replace(spec, title=copy_title, slug=unique_slug(f"{spec.slug} copy"))
    elif db.session.scalar(select(Article.id).where(Article.slug == spec.slug)) is not None:
        spec = dataclasses.replace(spec, slug=unique_slug(spec.slug))
    article = _new_article(spec, owner_id=owner.id, public=False)
    db.session.commit()
    return article


def update_article(article: Article, spec: ArticleSpec) -> LoadReport:
    """Replace a teacher's article with an imported folder's text and statements, in one
    transaction, as the loader updates the library: statements keep their rows by key, so
    past answers and sessions stay with them; its slug, owner and sharing stay."""
    report = LoadReport()
    try:
        _apply_spec(article, spec, report)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def set_public(article: Article, public: bool) -> None:
    """Share the article to the public library, or make it private again."""
    article.public = public
    db.session.commit()


FORMER_OWNER_LICENCE = (
    "Added by a former teacher for classroom use; rights remain with the publisher."
)


def hand_over_shared_articles(owner_id: int) -> None:
    """Before a teacher's account goes: keep the articles others may rely on (shared to the
    public library, or used in other teachers' sessions), credited to a former teacher. The
    caller commits; the rest of the teacher's articles go with the account."""
    from quiz.classroom.models import ClassSession  # classroom builds on the library, not back

    used_by_others = exists().where(
        ClassSession.article_id == Article.id, ClassSession.teacher_id != owner_id
    )
    db.session.execute(
        update(Article)
        .where(Article.owner_id == owner_id, Article.public | used_by_others)
        .values(owner_id=None, public=True, licence=FORMER_OWNER_LICENCE)
        .execution_options(synchronize_session=False)
    )
