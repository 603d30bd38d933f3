"""A teacher's published article: sharing, export and import, and other teachers kept out."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quiz.extensions import db
from quiz.library.archives import export_zip, read_zip
from quiz.library.models import Article
from tests.authoring_helpers import bring, draft_id, publish_one
from tests.factories import csrf_token, log_in, make_teacher
from tests.import_helpers import choose


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
    folder = f"content/{slug}"
    assert names == [f"{folder}/{name}" for name in ("article.txt", "meta.toml", "statements.toml")]

    page = teacher_client.get("/teach/articles/import").get_data(as_text=True)
    response = teacher_client.post(
        "/teach/articles/import",
        data={"csrf_token": csrf_token(page), "archive": (io.BytesIO(exported.data), "a.zip")},
        content_type="multipart/form-data",
    )
    # The same article is here: the teacher is asked first, and imports a copy.
    assert response.status_code == 200 and "already in SourceSense" in response.text
    response = choose(teacher_client, response.text, "copy")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        original, copy = db.session.scalars(
            select(Article).where(Article.owner_id.is_not(None)).order_by(Article.id)
        ).all()
        assert copy.slug != original.slug and copy.title == f"{original.title} (copy)"
        for field in ("outlet", "published", "source_url", "licence", "credit", "body"):
            assert getattr(copy, field) == getattr(original, field), field

        def statements(article: Article) -> list[tuple]:
            return [
                (s.key, s.quote, s.start, s.end, s.label, s.explanation, s.cues, s.verify_note)
                for s in article.statements
            ]

        assert statements(copy) == statements(original)


def test_library_article_exports_import_unchanged(app: Flask, teacher_client: FlaskClient) -> None:
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
    app: Flask, teacher_client: FlaskClient
) -> None:
    slug = publish_one(app, teacher_client)
    draft = draft_id(bring(teacher_client))
    with app.app_context():
        other = log_in(app.test_client(), make_teacher("other@example.org"))
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
