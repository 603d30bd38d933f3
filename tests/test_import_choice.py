"""Importing an article that is already here: the teacher chooses to update their own article
or to import a copy with a title of its own; never a silent duplicate."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.accounts.models import User
from quiz.classroom.models import ClassAnswer
from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.labels import Label
from quiz.library import importing
from quiz.library import operations as library
from quiz.library.content_files import read_article
from quiz.library.models import Article, Statement
from tests.factories import (
    class_answer,
    fresh_token,
    join,
    log_in,
    make_teacher,
    open_session,
)
from tests.import_helpers import choose, held, upload, zip_folder

SOURCE = CONTENT_DIR / "kramatorsk-strike-briefing"
STATEMENTS = (SOURCE / "statements.toml").read_text(encoding="utf-8")


@pytest.fixture
def own_copy(app: Flask, teacher: int) -> str:
    """The teacher's own import of the briefing (a slug of its own); returns its slug."""
    with app.app_context():
        spec = read_article(SOURCE)[0]
        return library.import_article(db.session.get(User, teacher), spec).slug


def article_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Article.id)))


def test_an_article_already_here_is_not_imported_before_the_teacher_chooses(
    app: Flask, teacher_client: FlaskClient, own_copy: str
) -> None:
    before = article_count(app)
    asked = upload(teacher_client, zip_folder(SOURCE, own_copy))
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and article_count(app) == before
    assert "your article" in page and "the same folder name and text" in page
    assert "in the public library" in page  # the library's own briefing has the same text
    assert f'value="update:{own_copy}"' in page
    assert 'value="update:kramatorsk-strike-briefing"' not in page  # not the teacher's
    with app.app_context():
        title = db.session.scalar(select(Article.title).where(Article.slug == own_copy))
    assert f"Import a copy titled “{title} (copy)”" in page
    unchosen = choose(teacher_client, page, "")
    assert unchosen.status_code == 400 and "Choose what to do" in unchosen.get_data(as_text=True)
    stranger = choose(teacher_client, page, "update:kramatorsk-strike-briefing")
    assert stranger.status_code == 400 and article_count(app) == before


def test_update_keeps_the_article_its_statement_rows_and_past_answers(
    app: Flask, teacher: int, teacher_client: FlaskClient, own_copy: str
) -> None:
    with app.app_context():
        owner = db.session.get(User, teacher)
        article = db.session.scalar(select(Article).where(Article.slug == own_copy))
        keys = [s.key for s in article.active_statements]
        session = open_session(owner, own_copy, keys=keys[:1])
        class_answer(join(session, "Ana"), article.active_statements[0], Label.VERIFIED)
        ids = {s.key: s.id for s in article.statements}
    dropped = keys[-1]
    changed = STATEMENTS.split(f'id = "{dropped}"')[0].rsplit("[[statement]]", 1)[0]
    page = upload(teacher_client, zip_folder(SOURCE, own_copy, {"statements.toml": changed}))
    done = choose(teacher_client, page.get_data(as_text=True), f"update:{own_copy}")
    assert done.status_code == 303 and done.location == f"/articles/{own_copy}"
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == own_copy))
        assert article.owner_id == teacher and article.public is False
        assert {s.key: s.id for s in article.statements} == ids  # the same rows
        assert [s.key for s in article.active_statements] == keys[:-1]
        assert db.session.scalar(select(func.count(ClassAnswer.id))) == 1
        retired = select(Statement.active).where(
            Statement.key == dropped, Statement.article_id == article.id
        )
        assert db.session.scalar(retired) is False
    assert "Updated from the archive" in teacher_client.get(done.location).get_data(as_text=True)


def test_copies_get_titles_and_slugs_of_their_own(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    archive = zip_folder(SOURCE, "kramatorsk-strike-briefing")
    slugs = []
    for _ in range(2):
        response = choose(
            teacher_client, upload(teacher_client, archive).get_data(as_text=True), "copy"
        )
        assert response.status_code == 303
        slugs.append(response.location.rsplit("/", 1)[1])
    with app.app_context():
        library_title = db.session.scalar(
            select(Article.title).where(Article.slug == "kramatorsk-strike-briefing")
        )
        copies = db.session.scalars(select(Article).where(Article.slug.in_(slugs))).all()
        assert sorted(a.title for a in copies) == [
            f"{library_title} (copy 2)",
            f"{library_title} (copy)",
        ]
        assert all(a.owner_id == teacher and not a.public for a in copies)
        assert len(set(slugs)) == 2 and all(
            s.startswith("kramatorsk-strike-briefing-copy-") for s in slugs
        )


def test_the_same_text_under_another_folder_name_is_found(
    app: Flask, teacher_client: FlaskClient
) -> None:
    page = upload(teacher_client, zip_folder(SOURCE, "my-briefing")).get_data(as_text=True)
    assert "already in SourceSense" in page and "the same text" in page


def test_a_held_archive_is_the_teachers_own_and_expires(
    app: Flask, teacher: int, teacher_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zip_folder(SOURCE, "kramatorsk-strike-briefing")
    page = upload(teacher_client, archive).get_data(as_text=True)
    token = held(page)
    with app.test_request_context():
        assert importing.release(token, teacher) == archive
        assert importing.release(token, teacher + 1) is None  # another teacher's
        assert importing.release(token[:-2] + "xx", teacher) is None  # altered
    with app.app_context():
        other = log_in(app.test_client(), make_teacher("other@example.org"))
    before = article_count(app)
    theirs = other.post(
        "/teach/articles/import/choice",
        data={"csrf_token": fresh_token(other), "held": token, "choice": "copy"},
    )
    assert theirs.status_code == 400 and "upload the archive again" in theirs.text
    monkeypatch.setattr(importing, "HOLD_MAX_AGE", -1)
    expired = choose(teacher_client, page, "copy")
    assert expired.status_code == 400 and "upload the archive again" in expired.text
    assert article_count(app) == before


def test_a_large_archive_is_asked_for_again(
    app: Flask, teacher_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "HOLD_LIMIT", 10)
    archive = zip_folder(SOURCE, "kramatorsk-strike-briefing")
    page = upload(teacher_client, archive).get_data(as_text=True)
    assert 'name="held" type="hidden" value=""' in page and "select it again" in page
    again = choose(teacher_client, page, "copy", archive=(io.BytesIO(archive), "a.zip"))
    assert again.status_code == 303
