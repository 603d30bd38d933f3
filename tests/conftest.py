"""Fixtures: an app on a real database (SQLite always, PostgreSQL when configured).

The schema is built and the library loaded once per run and database; each test runs inside a
transaction that is rolled back at its end (SQLAlchemy's "join a session into an external
transaction" recipe), so tests see the real library and leave nothing behind. Tests that need a
real server (gunicorn, Chromium, concurrency, migrations) use databases of their own.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import create_engine, delete, event, text
from sqlalchemy.engine import Connection, Engine, make_url

from quiz import create_app
from quiz.config import CONTENT_DIR, PROJECT_ROOT, TestConfig, normalise_database_url
from quiz.extensions import db, limiter
from quiz.library.models import Article, ArticleDraft, Statement
from quiz.library.operations import load_content

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


def scratch_postgres_url(name: str) -> str:
    """A PostgreSQL database of its own (``<test database>_<name>``), created if missing.

    For tests that run a real server or migrations: they must not touch the shared database
    whose schema and library the rolled-back tests rely on.
    """
    url = make_url(postgres_url_or_skip())
    database = f"{url.database}_{name}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}
        ).scalar()
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for(kind: str, folder: Path) -> str:
    """A fresh SQLite file in ``folder``, or the PostgreSQL test database."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    return postgres_url_or_skip()


def make_app(database_url: str, **overrides: object) -> Flask:
    """A test app on an empty schema of the given database (for tests with their own data)."""
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _savepoints_on_sqlite(engine: Engine) -> None:
    """Let pysqlite nest SAVEPOINTs in an outer transaction (SQLAlchemy's documented recipe)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _explicit_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def shared_apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Flask]]:
    """One app per database kind, its schema built and the library loaded once per run."""
    apps: dict[str, Flask] = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def _shared_app(kind: str, apps: dict[str, Flask], folder: Path) -> Flask:
    if kind not in apps:
        app = make_app(database_url_for(kind, folder))
        with app.app_context():
            _savepoints_on_sqlite(db.engine)
            db.engine.dispose()  # new connections get the recipe's settings
            load_content(CONTENT_DIR)
        apps[kind] = app
    return apps[kind]


class JoinedSession(FlaskSession):
    """A session that works inside the test's outer transaction (its commits are savepoints)."""

    def get_bind(self, *args: object, **kwargs: object) -> Connection:
        return self.bind

    def connection(self, bind_arguments=None, execution_options=None):  # noqa: ANN001, ANN201
        # Switching the isolation level (without_transaction) would end the outer transaction.
        options = {k: v for k, v in (execution_options or {}).items() if k != "isolation_level"}
        return super().connection(bind_arguments, options or None)


@pytest.fixture(params=DATABASES)
def app(
    request: pytest.FixtureRequest,
    shared_apps: dict[str, Flask],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Flask]:
    """The app with the real library, inside a transaction rolled back after the test.

    Each database test runs once on SQLite and once on PostgreSQL.
    """
    shared = _shared_app(request.param, shared_apps, tmp_path_factory.getbasetemp())
    config = dict(shared.config)
    with shared.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {
            "bind": connection,
            "join_transaction_mode": "create_savepoint",
            "expire_on_commit": False,
            "class_": JoinedSession,
        }
    )
    limiter.reset()
    try:
        yield shared
    finally:
        with shared.app_context():
            db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()
        shared.config.clear()
        shared.config.update(config)


@pytest.fixture
def empty_app(app: Flask) -> Flask:
    """The app with no articles (inside the test's transaction, so the library comes back)."""
    with app.app_context():
        for model in (ArticleDraft, Statement, Article):
            db.session.execute(delete(model))
        db.session.commit()
    return app


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of one real article folder that a test may spoil (tests/content_copies.py)."""
    from tests.content_copies import SLUG

    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR / SLUG, root / SLUG)
    return root


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (a fresh browser with no cookies)."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's ``flask`` commands."""
    return app.test_cli_runner()


@pytest.fixture
def teacher(app: Flask) -> int:
    """A teacher account (teacher@example.org); returns its id."""
    from tests.factories import make_teacher

    with app.app_context():
        return make_teacher().id


@pytest.fixture
def teacher_client(app: Flask, teacher: int) -> FlaskClient:
    """A browser logged in as the teacher."""
    from quiz.accounts.models import User
    from tests.factories import log_in

    with app.app_context():
        return log_in(app.test_client(), db.session.get(User, teacher))


@pytest.fixture(scope="session", params=DATABASES)
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Flask]]:
    """The app served on 127.0.0.1 from a thread, on SQLite and on PostgreSQL (a database of
    its own), with the real content and a teacher: its address, and the app (for tests that
    set up data directly)."""
    import threading

    from werkzeug.serving import make_server

    from tests.browser import require_chromium
    from tests.factories import PASSWORD, make_teacher

    require_chromium(IN_CI)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.db'}"
    else:
        url = scratch_postgres_url("browser")
    app = make_app(url)
    with app.app_context():
        load_content(CONTENT_DIR)
        make_teacher("teacher@example.org", "Browser Teacher", password=PASSWORD)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def server_url(live_server: tuple[str, Flask]) -> str:
    """The address of the served app."""
    return live_server[0]


@pytest.fixture(scope="session")
def server_app(live_server: tuple[str, Flask]) -> Flask:
    """The served app itself."""
    return live_server[1]


@pytest.fixture(scope="session")
def browser(server_url: str) -> Iterator[object]:
    """One headless Chromium (Debian's) for the whole run, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file built by the migrations (once per run; tests work on copies)."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.db"
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.engine.dispose()
    return path


def app_on_copy(migrated: Path, folder: Path) -> Flask:
    """An app on a fresh copy of the migrated SQLite database."""
    copy = folder / "live.db"
    shutil.copy(migrated, copy)
    return create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{copy}"})
