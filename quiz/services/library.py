"""Load validated content into the database, in one transaction, idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from quiz.content import ArticleSpec, read_library
from quiz.content_statements import Problem, StatementSpec
from quiz.extensions import db
from quiz.models import Article, Statement, utcnow


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
    return {
        "title": spec.title,
        "outlet": spec.outlet,
        "published": spec.published,
        "source_url": spec.source_url,
        "licence": spec.licence,
        "credit": spec.credit,
        "body": spec.body,
    }


def statement_values(spec: StatementSpec) -> dict[str, Any]:
    return {
        "quote": spec.quote,
        "start": spec.start,
        "end": spec.end,
        "label": spec.label.value,
        "explanation": spec.explanation,
        "cues": [
            {"text": c.text, "start": c.start, "end": c.end, "kind": c.kind} for c in spec.cues
        ],
        "verify_note": spec.verify_note,
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
    elif _assign_changes(article, article_values(spec)):
        article.updated_at = utcnow()
        report.articles_updated += 1
    existing = {s.key: s for s in article.statements}
    for statement_spec in spec.statements:
        _upsert_statement(article, existing.pop(statement_spec.key, None), statement_spec, report)
    for retired in existing.values():
        if retired.active:
            retired.active = False
            report.statements_retired += 1


def _upsert_statement(
    article: Article, statement: Statement | None, spec: StatementSpec, report: LoadReport
) -> None:
    if statement is None:
        article.statements.append(Statement(key=spec.key, **statement_values(spec)))
        report.statements_created += 1
    elif _assign_changes(statement, statement_values(spec)):
        report.statements_updated += 1
    else:
        report.statements_unchanged += 1


def new_article(spec: ArticleSpec, *, owner_id: int | None, public: bool) -> Article:
    """An Article with its statements built from a spec, added to the session (not committed)."""
    article = Article(slug=spec.slug, owner_id=owner_id, public=public, **article_values(spec))
    article.statements = [Statement(key=s.key, **statement_values(s)) for s in spec.statements]
    db.session.add(article)
    return article
