"""Teachers' own articles: draft from pasted or uploaded text, review, publish, import."""

from __future__ import annotations

import dataclasses
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from quiz.analysis import analyse
from quiz.article_files import normalise_text
from quiz.content import ArticleSpec
from quiz.content_statements import check_entries
from quiz.extensions import db
from quiz.models import Article, ArticleDraft, User
from quiz.services.library import new_article
from quiz.text import sentence_spans

MAX_WORDS = 20_000


class DraftInvalid(Exception):
    """Input that cannot become an article; ``messages`` say why. Nothing was saved."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Choice:
    """The teacher's decision on one sentence of a draft."""

    index: int
    label: str
    explanation: str
    cues: list[str]


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
    words = len(body.split())
    if not words:
        raise DraftInvalid(["The article text is empty."])
    if words > MAX_WORDS:
        raise DraftInvalid([f"The article has {words:,} words; the limit is {MAX_WORDS:,}."])
    sentences = [s.as_dict() for s in analyse(body)]
    if not any(len(s["text"].split()) >= 3 for s in sentences):
        raise DraftInvalid(["No sentences were found in the text."])
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


def owned_draft(draft_id: int, owner: User) -> ArticleDraft | None:
    """The draft, only if this teacher made it."""
    return db.session.scalar(
        select(ArticleDraft).where(ArticleDraft.id == draft_id, ArticleDraft.owner_id == owner.id)
    )


def publish(draft: ArticleDraft, choices: list[Choice], *, public: bool) -> Article:
    """Turn the reviewed draft into the teacher's article, in one transaction."""
    if not choices:
        raise DraftInvalid(["Include at least one sentence as a quiz statement."])
    entries = [
        {
            "id": f"s{choice.index + 1:04d}",
            "quote": draft.analysis[choice.index]["text"],
            "label": choice.label,
            "cues": choice.cues,
            "explanation": choice.explanation,
        }
        for choice in choices
    ]
    specs, problems = check_entries(
        "review", {"statement": entries}, draft.body, sentence_spans(draft.body), strict=False
    )
    if problems:
        raise DraftInvalid(
            [
                f"Sentence {int(p.statement[1:])}: {p.reason}" if p.statement else p.reason
                for p in problems
            ]
        )
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
        statements=specs,
    )
    article = new_article(spec, owner_id=draft.owner_id, public=public)
    db.session.delete(draft)
    db.session.commit()
    return article


def import_article(owner: User, spec: ArticleSpec) -> Article:
    """Add a validated content folder as the teacher's private article (a new id if taken)."""
    taken = db.session.scalar(select(Article.id).where(Article.slug == spec.slug))
    if taken is not None:
        spec = dataclasses.replace(spec, slug=unique_slug(spec.slug))
    article = new_article(spec, owner_id=owner.id, public=False)
    db.session.commit()
    return article


def unique_slug(title: str) -> str:
    """A URL id from the title, with a random suffix so that it is free."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())[:8]
    base = "-".join(words)[:60].strip("-") or "article"
    return f"{base}-{secrets.token_hex(3)}"


def set_public(article: Article, public: bool) -> None:
    """Share the article to the public library, or make it private again."""
    article.public = public
    db.session.commit()
