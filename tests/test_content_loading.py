"""Loading content: all or nothing, idempotent, updates keep learners' answers, the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.library.models import Article, Statement
from quiz.library.operations import ContentInvalid, load_content
from quiz.practice.models import Answer
from tests.content_copies import SLUG, edit
from tests.factories import csrf_token, hidden_statement


def table_counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(Article.id))),
            db.session.scalar(select(func.count(Statement.id))),
        )


def test_load_is_idempotent(empty_app: Flask, library: Path) -> None:
    with empty_app.app_context():
        first = load_content(library)
        second = load_content(library)
    assert first.articles_created == 1 and first.statements_created == 8
    assert not second.changed and second.statements_unchanged == 8
    assert table_counts(empty_app) == (1, 8)


def test_invalid_library_writes_nothing(empty_app: Flask, library: Path) -> None:
    shutil.copytree(CONTENT_DIR / "pyongyang-tribute", library / "pyongyang-tribute")
    edit(library / SLUG / "statements.toml", 'label = "speculation"', 'label = "opinion"')
    with empty_app.app_context(), pytest.raises(ContentInvalid) as refused:
        load_content(library)
    assert len(refused.value.problems) == 1
    assert table_counts(empty_app) == (0, 0)


def test_edited_statement_is_updated_without_losing_answers(
    empty_app: Flask, library: Path
) -> None:
    with empty_app.app_context():
        load_content(library)
    client = empty_app.test_client()
    page = client.get(f"/articles/{SLUG}").get_data(as_text=True)
    run = client.post(f"/articles/{SLUG}/practice", data={"csrf_token": csrf_token(page)})
    run_id = run.location.rsplit("/", 1)[1]
    question = client.get(f"/runs/{run_id}").get_data(as_text=True)
    key = hidden_statement(question)
    data = {"csrf_token": csrf_token(question), "statement": key, "label": "verified"}
    client.post(f"/runs/{run_id}/answers", data=data)

    statements = library / SLUG / "statements.toml"
    edit(statements, "The sentence uses no hedge.", "It uses no hedge.")
    text = statements.read_text(encoding="utf-8")
    start = text.index('[[statement]]\nid = "says-a-lot"')
    statements.write_text(text[:start], encoding="utf-8")  # drop one statement
    with empty_app.app_context():
        report = load_content(library)
        assert report.statements_updated == 1 and report.statements_retired == 1
        hub = db.session.scalar(select(Statement).where(Statement.key == "major-rail-hub"))
        assert hub.explanation.endswith("not a secret and not a guess. It uses no hedge.")
        retired = db.session.scalar(select(Statement).where(Statement.key == "says-a-lot"))
        assert retired.active is False
        assert db.session.scalar(select(func.count(Answer.id))) == 1
    # The old run still shows its answered statement; a new article page lists 7.
    assert client.get(f"/runs/{run_id}/feedback/1").status_code == 200
    assert "7 statements" in client.get(f"/articles/{SLUG}").get_data(as_text=True)


def test_cli_check_and_load(runner: FlaskCliRunner, library: Path, empty_app: Flask) -> None:
    ok = runner.invoke(args=["content", "check", str(library)])
    assert ok.exit_code == 0 and "1 article(s), 8 statement(s)" in ok.output
    loaded = runner.invoke(args=["content", "load", str(library)])
    assert loaded.exit_code == 0 and "8 new" in loaded.output
    again = runner.invoke(args=["content", "load", str(library)])
    assert "0 new, 0 updated" in again.output and "8 unchanged" in again.output


def test_cli_refuses_invalid_content_and_exits_non_zero(
    runner: FlaskCliRunner, library: Path, empty_app: Flask
) -> None:
    edit(library / SLUG / "statements.toml", 'text = "We believe"', 'text = "we suspect"')
    checked = runner.invoke(args=["content", "check", str(library)])
    loaded = runner.invoke(args=["content", "load", str(library)])
    assert checked.exit_code == 1 and loaded.exit_code == 1
    assert "[believe-ss-21]: cue 'we suspect'" in loaded.output
    assert "nothing was loaded" in loaded.output
    assert table_counts(empty_app) == (0, 0)


def test_real_library_loads_through_the_client(client: FlaskClient) -> None:
    assert client.get("/articles/iran-nuclear-program-status").status_code == 200
