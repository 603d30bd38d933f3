"""Fixtures: an app on a real database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.serving import make_server

from quiz import create_app
from quiz.config import CONTENT_DIR, TestConfig, normalise_database_url
from quiz.extensions import db
from quiz.services.library import load_content

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
DATABASES = ["sqlite", "postgresql"]


def postgres_url_or_skip() -> str:
    """The PostgreSQL test database, or skip (fail in CI) when none is configured."""
    if POSTGRES_URL:
        return normalise_database_url(POSTGRES_URL)
    reason = (
        "PostgreSQL tests need TEST_DATABASE_URL, "
        "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    if IN_CI:
        pytest.fail(f"{reason} (mandatory in CI)")
    pytest.skip(reason)


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each database test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return postgres_url_or_skip()


def make_app(database_url: str, **overrides: object) -> Flask:
    """A test app on an empty schema of the given database."""
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


@pytest.fixture
def empty_app(database_url: str) -> Iterator[Flask]:
    """An app whose database has the schema but no content."""
    app = make_app(database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(empty_app: Flask) -> Flask:
    """An app with the project's real content/ loaded."""
    with empty_app.app_context():
        load_content(CONTENT_DIR)
    return empty_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (a fresh browser with no cookies)."""
    return app.test_client()


@pytest.fixture
def runner(empty_app: Flask) -> FlaskCliRunner:
    """A runner for the app's ``flask`` commands."""
    return empty_app.test_cli_runner()


def csrf_token(html: str) -> str:
    """The CSRF token in a page's form."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def hidden_statement(html: str) -> str:
    """The statement key of a question page."""
    match = re.search(r'name="statement" type="hidden" value="([^"]+)"', html)
    assert match, "no statement on the page"
    return match.group(1)


@pytest.fixture
def start_run(client: FlaskClient) -> Callable[[str], str]:
    """Start a run on an article through the pages; returns the run's id."""

    def start(slug: str = "pyongyang-tribute") -> str:
        page = client.get(f"/articles/{slug}").get_data(as_text=True)
        response = client.post(f"/articles/{slug}/practice", data={"csrf_token": csrf_token(page)})
        assert response.status_code == 303
        return response.location.rsplit("/", 1)[1]

    return start


@pytest.fixture
def answer_current(client: FlaskClient) -> Callable[..., tuple[str, object]]:
    """Answer the run's current question; returns (statement key, response)."""

    def answer(run_id: str, label: str = "verified", **extra: str) -> tuple[str, object]:
        page = client.get(f"/runs/{run_id}").get_data(as_text=True)
        key = hidden_statement(page)
        data = {"csrf_token": csrf_token(page), "statement": key, "label": label, **extra}
        return key, client.post(f"/runs/{run_id}/answers", data=data)

    return answer


PASSWORD = "correct horse battery"


@pytest.fixture
def make_teacher(app: Flask) -> Callable[..., int]:
    """Create a teacher account directly; returns its id."""
    from quiz.services.accounts import create_teacher

    def make(email: str = "teacher@example.org", name: str = "Ms Teacher") -> int:
        with app.app_context():
            return create_teacher(name, email, PASSWORD).id

    return make


def log_in(client: FlaskClient, email: str, password: str = PASSWORD, **extra: str) -> object:
    """Log a client in through the login form."""
    page = client.get("/login").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "email": email, "password": password, **extra}
    return client.post("/login", data=data)


@pytest.fixture
def teacher_client(app: Flask, make_teacher) -> FlaskClient:
    """A client logged in as a teacher."""
    make_teacher("teacher@example.org")
    client = app.test_client()
    assert log_in(client, "teacher@example.org").status_code == 303
    return client


def open_session(
    client: FlaskClient,
    slug: str = "kramatorsk-strike-briefing",
    *,
    mode: str = "self_paced",
    feedback: str = "each",
    shuffle: bool = False,
    statements: list[str] | None = None,
    open_for: str = "",
) -> tuple[int, str]:
    """Open a session through the teacher's form; returns (session id, join code)."""
    url = f"/teach/articles/{slug}/sessions/new"
    page = client.get(url).get_data(as_text=True)
    chosen = statements or re.findall(r'name="statements" type="checkbox" value="([^"]+)"', page)
    data = {
        "csrf_token": csrf_token(page),
        "statements": chosen,
        "mode": mode,
        "feedback": feedback,
        "open_for": open_for,
    }
    if shuffle:
        data["shuffle"] = "y"
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    session_id = int(response.location.rsplit("/", 1)[1])
    page = client.get(response.location).get_data(as_text=True)
    code = re.search(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>', page).group(1)
    return session_id, code


def join_as(app: Flask, code: str, nickname: str) -> FlaskClient:
    """A new student browser that joined the session under a nickname."""
    student = app.test_client()
    page = student.get(f"/join/{code}").get_data(as_text=True)
    response = student.post(
        f"/join/{code}", data={"csrf_token": csrf_token(page), "nickname": nickname}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return student


def answer_in_class(student: FlaskClient, code: str, label: str) -> tuple[str, object]:
    """Answer the statement on the student's screen; returns (statement key, response)."""
    page = student.get(f"/play/{code}").get_data(as_text=True)
    key = hidden_statement(page)
    data = {"csrf_token": csrf_token(page), "statement": key, "label": label}
    return key, student.post(f"/play/{code}/answers", data=data)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on 127.0.0.1 from a thread, on SQLite with the real content and a teacher."""
    from tests.browser import require_chromium

    require_chromium(IN_CI)
    from quiz.services.accounts import create_teacher

    database = tmp_path_factory.mktemp("browser") / "browser.db"
    app = make_app(f"sqlite:///{database}")
    with app.app_context():
        load_content(CONTENT_DIR)
        create_teacher("Browser Teacher", "teacher@example.org", PASSWORD)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser(server_url: str) -> Iterator[object]:
    """One headless Chromium (Debian's) for the whole run, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
