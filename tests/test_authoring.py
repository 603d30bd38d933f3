"""Teachers bring their own articles: paste or upload, review, publish, share, export, import."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.models import Article, ArticleDraft, Statement
from tests.conftest import csrf_token, log_in

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


def review_data(page: str, **changes: str) -> dict[str, str]:
    """The review form as the browser would send it, with some fields changed."""
    data: dict[str, str] = {"csrf_token": csrf_token(page)}
    for name, value in re.findall(
        r'<input checked id="(include_\d+)" name="\1" type="checkbox" value="(y)"', page
    ):
        data[name] = value
    for name in re.findall(r'<select id="(label_\d+)"', page):
        selected = re.search(
            rf'<select id="{name}".*?<option selected value="([a-z_]+)"', page, re.S
        )
        data[name] = selected.group(1)
    for name, value in re.findall(
        r'<input id="(cues_\d+)" maxlength="500" name="\1" type="text" value="([^"]*)"', page
    ):
        data[name] = value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    for name, value in re.findall(
        r'<textarea id="(explanation_\d+)" maxlength="2000" name="\1" rows="3">\s*(.*?)</textarea>',
        page,
        re.S,
    ):
        data[name] = value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    data.update(changes)
    return data


def draft_id(response: object) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return int(response.location.rsplit("/", 1)[1])


def test_paste_review_publish(app: Flask, teacher_client: FlaskClient) -> None:
    draft = draft_id(bring(teacher_client))
    page = teacher_client.get(f"/teach/drafts/{draft}").get_data(as_text=True)
    assert page.count('class="review-item') >= 25
    assert '<mark class="cue">NIS</mark>' in page or '<mark class="cue">The NIS' in page
    ticked = re.findall(r'<input checked id="include_(\d+)"', page)
    assert 3 <= len(ticked) <= 20
    response = teacher_client.post(f"/teach/drafts/{draft}", data=review_data(page))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.owner_id.is_not(None)))
        assert article.public is False and len(article.statements) == len(ticked)
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
    page = teacher_client.get(f"/teach/drafts/{draft}").get_data(as_text=True)
    first = re.search(r'<input checked id="include_(\d+)"', page).group(1)
    data = review_data(page)
    data[f"label_{first}"] = "speculation"
    cue = data[f"cues_{first}"].split("|")[0].strip()
    data[f"explanation_{first}"] = f"My own words about “{cue}”. Students should discuss it."
    assert teacher_client.post(f"/teach/drafts/{draft}", data=data).status_code == 303
    with app.app_context():
        statement = db.session.scalar(
            select(Statement).where(Statement.key == f"s{int(first) + 1:04d}")
        )
        assert statement.label == "speculation"
        assert statement.explanation.startswith("My own words")


def test_bad_review_is_refused_and_keeps_the_draft(app: Flask, teacher_client: FlaskClient) -> None:
    draft = draft_id(bring(teacher_client))
    page = teacher_client.get(f"/teach/drafts/{draft}").get_data(as_text=True)
    first = re.search(r'<input checked id="include_(\d+)"', page).group(1)
    data = review_data(page)
    data[f"explanation_{first}"] = "Too short."
    response = teacher_client.post(f"/teach/drafts/{draft}", data=data)
    assert response.status_code == 400
    assert "2 to 4 sentences" in response.get_data(as_text=True)
    nothing = {k: v for k, v in data.items() if not k.startswith("include_")}
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


def publish_one(app: Flask, client: FlaskClient, public: bool = False) -> str:
    draft = draft_id(bring(client))
    page = client.get(f"/teach/drafts/{draft}").get_data(as_text=True)
    data = review_data(page)
    if public:
        data["public"] = "y"
    assert client.post(f"/teach/drafts/{draft}", data=data).status_code == 303
    with app.app_context():
        return db.session.scalar(select(Article.slug).where(Article.owner_id.is_not(None)))


def test_share_and_unshare(app: Flask, teacher_client: FlaskClient) -> None:
    slug = publish_one(app, teacher_client)
    token = csrf_token(teacher_client.get("/teach").get_data(as_text=True))
    assert (
        teacher_client.post(f"/teach/articles/{slug}/share", data={"csrf_token": token}).status_code
        == 303
    )
    assert slug in app.test_client().get("/").get_data(as_text=True)
    teacher_client.post(f"/teach/articles/{slug}/unshare", data={"csrf_token": token})
    assert app.test_client().get(f"/articles/{slug}").status_code == 404


def test_export_and_import_round_trip(app: Flask, teacher_client: FlaskClient) -> None:
    slug = publish_one(app, teacher_client)
    exported = teacher_client.get(f"/teach/articles/{slug}/export.zip")
    assert exported.mimetype == "application/zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(exported.data)).namelist())
    assert names == [f"{slug}/article.txt", f"{slug}/meta.toml", f"{slug}/statements.toml"]

    page = teacher_client.get("/teach/articles/import").get_data(as_text=True)
    response = teacher_client.post(
        "/teach/articles/import",
        data={"csrf_token": csrf_token(page), "archive": (io.BytesIO(exported.data), "a.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        original, copy = db.session.scalars(
            select(Article).where(Article.owner_id.is_not(None)).order_by(Article.id)
        ).all()
        assert copy.slug != original.slug
        for field in ("title", "outlet", "published", "source_url", "licence", "credit", "body"):
            assert getattr(copy, field) == getattr(original, field), field

        def statements(article: Article) -> list[tuple]:
            return [
                (s.key, s.quote, s.start, s.end, s.label, s.explanation, s.cues, s.verify_note)
                for s in article.statements
            ]

        assert statements(copy) == statements(original)


def test_library_article_exports_import_unchanged(app: Flask, teacher_client: FlaskClient) -> None:
    from quiz.article_files import export_zip, read_zip

    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == "pyongyang-tribute"))
        spec, problems = read_zip(export_zip(article))
        assert problems == [] and spec is not None
        assert spec.body == article.body and len(spec.statements) == len(article.statements)
        assert [s.quote for s in spec.statements] == [s.quote for s in article.statements]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({}, "exactly one article folder"),
        ({"a/article.txt": "x", "b/meta.toml": "y"}, "exactly one article folder"),
        ({"x/article.txt": "Some text here."}, "meta.toml: file is missing"),
    ],
)
def test_bad_imports_are_refused(
    app: Flask, teacher_client: FlaskClient, members: dict, message: str
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    page = teacher_client.get("/teach/articles/import").get_data(as_text=True)
    response = teacher_client.post(
        "/teach/articles/import",
        data={"csrf_token": csrf_token(page), "archive": (io.BytesIO(buffer.getvalue()), "a.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    not_zip = teacher_client.post(
        "/teach/articles/import",
        data={"csrf_token": csrf_token(page), "archive": (io.BytesIO(b"nope"), "a.zip")},
        content_type="multipart/form-data",
    )
    assert "not a zip archive" in not_zip.get_data(as_text=True)


def test_other_teachers_cannot_touch_drafts_or_articles(
    app: Flask, teacher_client: FlaskClient, make_teacher
) -> None:
    slug = publish_one(app, teacher_client)
    draft = draft_id(bring(teacher_client))
    make_teacher("other@example.org")
    other = app.test_client()
    log_in(other, "other@example.org")
    token = csrf_token(other.get("/teach").get_data(as_text=True))
    assert other.get(f"/teach/drafts/{draft}").status_code == 404
    assert other.post(f"/teach/drafts/{draft}", data={"csrf_token": token}).status_code == 404
    assert (
        other.post(f"/teach/drafts/{draft}/discard", data={"csrf_token": token}).status_code == 404
    )
    assert other.get(f"/teach/articles/{slug}/export.zip").status_code == 404
    assert (
        other.post(f"/teach/articles/{slug}/share", data={"csrf_token": token}).status_code == 404
    )
    assert other.get(f"/teach/articles/{slug}/sessions/new").status_code == 404
    assert other.get(f"/articles/{slug}").status_code == 404
