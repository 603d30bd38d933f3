"""Teachers bring their own articles: paste or upload, review, publish, share, export, import."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.library.models import Article, ArticleDraft, Statement
from tests.authoring_helpers import bring, draft_id, review_data, ticked


def test_paste_review_publish(app: Flask, teacher_client: FlaskClient) -> None:
    draft = draft_id(bring(teacher_client))
    page = teacher_client.get(f"/teach/drafts/{draft}").get_data(as_text=True)
    assert page.count('class="review-item') >= 25
    shown = page.replace('<span class="visually-hidden">cue: </span>', "")
    assert '<mark class="cue">NIS</mark>' in shown or '<mark class="cue">The NIS' in shown
    data = review_data(app, teacher_client, draft)
    assert page.count(" checked ") >= len(ticked(data))
    assert 3 <= len(ticked(data)) <= 20
    response = teacher_client.post(f"/teach/drafts/{draft}", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.owner_id.is_not(None)))
        assert article.public is False and len(article.statements) == len(ticked(data))
        assert all(cue["kind"] for s in article.statements for cue in s.cues)
        assert {s.label for s in article.statements} == {
            "verified",
            "intelligence_claim",
            "speculation",
        }
        assert db.session.scalar(select(func.count(ArticleDraft.id))) == 0
        slug = article.slug
    # Private: not in the public library, not visible to others, usable by its teacher.
    assert slug not in app.test_client().get("/").get_data(as_text=True)
    assert app.test_client().get(f"/articles/{slug}").status_code == 404
    assert teacher_client.get(f"/articles/{slug}").status_code == 200
    assert teacher_client.get(f"/teach/articles/{slug}/sessions/new").status_code == 200


def test_teacher_changes_label_and_explanation(app: Flask, teacher_client: FlaskClient) -> None:
    draft = draft_id(bring(teacher_client))
    data = review_data(app, teacher_client, draft)
    first = ticked(data)[0]
    data[f"sentences-{first}-label"] = "speculation"
    cue = data[f"sentences-{first}-cues"].split("|")[0].strip()
    data[f"sentences-{first}-explanation"] = (
        f"My own words about “{cue}”. Students should discuss it."
    )
    assert teacher_client.post(f"/teach/drafts/{draft}", data=data).status_code == 303
    with app.app_context():
        assert db.session.get(ArticleDraft, draft) is None
        statement = db.session.scalar(
            select(Statement).where(Statement.explanation.startswith("My own words"))
        )
        assert statement.label == "speculation"
        assert statement.cues[0]["text"] == cue and statement.cues[0]["kind"]


def test_bad_review_is_refused_and_keeps_the_draft(app: Flask, teacher_client: FlaskClient) -> None:
    draft = draft_id(bring(teacher_client))
    data = review_data(app, teacher_client, draft)
    first = ticked(data)[0]
    data[f"sentences-{first}-explanation"] = "Too short."
    data[f"sentences-{first}-cues"] = "words that are nowhere"
    response = teacher_client.post(f"/teach/drafts/{draft}", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"Sentence {first + 1}: &#39;explanation&#39; must have 2 to 4 sentences" in page
    assert "cue “words that are nowhere” is neither in the sentence" in page
    nothing = {k: v for k, v in data.items() if not k.endswith("-include")}
    response = teacher_client.post(f"/teach/drafts/{draft}", data=nothing)
    assert "Include at least one sentence" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(func.count(Article.id)).where(Article.owner_id.is_not(None)))
            == 0
        )
        assert db.session.scalar(select(func.count(ArticleDraft.id))) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "Paste the article text or upload a file"),
        ({"text": "   \n  "}, "Paste the article text or upload a file"),
        ({"text": "word " * 20_001}, "the limit is 20,000"),
        ({"text": "no"}, "No sentences were found"),
        ({"title": ""}, "This field is required"),
        ({"source_url": "not a url"}, "Invalid URL"),
        ({"published": "yesterday"}, "Not a valid date value"),
    ],
)
def test_bad_article_input_saves_nothing(
    app: Flask, teacher_client: FlaskClient, fields: dict, message: str
) -> None:
    response = bring(teacher_client, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ArticleDraft.id))) == 0


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("a.txt", b"*Note*: the NIS said troops moved north.\n", "*Note*: the NIS said"),
        (
            "a.md",
            b"# Headline\n\nThe *NIS* said troops moved north on Monday.\n\nAnalysts fear more.\n",
            "The NIS said troops moved north",
        ),
        (
            "a.html",
            b"<html><body><nav>Home | About</nav><article><h1>News</h1><p>The NIS said troops moved"
            b" north on Monday, officials confirmed.</p><p>Analysts fear the deployment could grow"
            b" in the coming weeks, according to experts.</p></article>"
            b"<footer>(c)</footer></body></html>",
            "The NIS said troops moved north",
        ),
    ],
)
def test_uploads_become_article_text(
    app: Flask, teacher_client: FlaskClient, name: str, content: bytes, expect: str
) -> None:
    response = bring(teacher_client, text="", upload=(io.BytesIO(content), name))
    draft = draft_id(response)
    with app.app_context():
        body = db.session.get(ArticleDraft, draft).body
    assert expect in body
    if not name.endswith(".txt"):
        assert "<" not in body and "*" not in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "Upload a .txt, .md or .html file"),
        ("a.txt", b"\x00\x01binary", "not text"),
        ("a.txt", b"\xff\xfe\xfa", "not UTF-8"),
        ("a.html", b"<html><body></body></html>", "No article text"),
    ],
)
def test_bad_uploads_are_refused(
    teacher_client: FlaskClient, name: str, content: bytes, message: str
) -> None:
    response = bring(teacher_client, text="", upload=(io.BytesIO(content), name))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_review_lists_the_least_sure_suggestions_first_with_words(
    app: Flask, teacher_client: FlaskClient
) -> None:
    draft = draft_id(bring(teacher_client))
    page = teacher_client.get(f"/teach/drafts/{draft}").get_data(as_text=True)
    found = re.findall(r'class="review-item[^"]*" data-confidence="([\d.]+)"', page)
    shown = [float(confidence) for confidence in found]
    assert len(shown) >= 25 and shown == sorted(shown)
    assert "very likely right" in page or "probably right" in page
    assert "The least sure suggestions come first" in page
