"""Helpers shared by the authoring tests: bring an article, review it, publish it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quiz.analysis.selection import preselect
from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.library.models import Article, ArticleDraft
from tests.factories import csrf_token, fresh_token

ARTICLE = (CONTENT_DIR / "pyongyang-tribute" / "article.txt").read_text(encoding="utf-8")


def bring(client: FlaskClient, **fields: object) -> object:
    page = client.get("/teach/articles/new").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "title": "Kim's tribute",
        "outlet": "A news site",
        "published": "2025-06-20",
        "source_url": "https://example.org/news/1",
        "text": ARTICLE,
        **fields,
    }
    return client.post("/teach/articles/new", data=data, content_type="multipart/form-data")


def review_data(app: Flask, client: FlaskClient, draft: int, **changes: str) -> dict[str, str]:
    """The review form as the browser sends it unchanged (the suggestions, the preselection),
    with some fields changed (``sentences-N-label`` and so on)."""
    with app.app_context():
        found = db.session.get(ArticleDraft, draft)
        analysis, chosen = found.analysis, set(preselect(found.analysis, found.body))
    data = {"csrf_token": fresh_token(client)}
    for index, sentence in enumerate(analysis):
        prefix = f"sentences-{index}-"
        label = sentence["label"] if sentence["label"] != "none" else "verified"
        data[prefix + "label"] = label
        data[prefix + "cues"] = " | ".join(cue["text"] for cue in sentence["cues"])
        data[prefix + "explanation"] = sentence["explanation"]
        if index in chosen:
            data[prefix + "include"] = "y"
    data.update(changes)
    return data


def ticked(data: dict[str, str]) -> list[int]:
    """The indexes of the sentences a review form includes."""
    return sorted(int(name.split("-")[1]) for name in data if name.endswith("-include"))


def draft_id(response: object) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return int(response.location.rsplit("/", 1)[1])


def publish_one(app: Flask, client: FlaskClient, public: bool = False) -> str:
    draft = draft_id(bring(client))
    data = review_data(app, client, draft)
    if public:
        data["public"] = "y"
    assert client.post(f"/teach/drafts/{draft}", data=data).status_code == 303
    with app.app_context():
        return db.session.scalar(select(Article.slug).where(Article.owner_id.is_not(None)))
