"""Limits that hold as configured: counted once for all workers, failures per address,
successful joins per session, and codes that cannot be guessed at speed."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.web import rate_limit_storage
from quiz.web.rate_limit_storage import DatabaseStorage
from tests.conftest import DATABASES, make_app, scratch_postgres_url
from tests.factories import csrf_token, fresh_token, join_class, open_class
from tests.servers import TOKEN, Browser, gunicorn


class Clock:
    """A clock the storage reads instead of the real one."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


def storage_url(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'limits.db'}"
    return scratch_postgres_url("limits")


@pytest.mark.parametrize("kind", DATABASES)
def test_the_database_storage_counts_fixed_windows(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = storage_url(kind, tmp_path)
    with make_app(url).app_context():  # the schema, with its rate_limit table
        db.engine.dispose()
    clock = Clock()
    monkeypatch.setattr(rate_limit_storage, "time", clock)
    storage = DatabaseStorage("database://", database_url=url)
    storage.reset()
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3 and storage.get_expiry("k") == clock.now + 60
    assert storage.incr("other", 60, amount=5) == 5
    clock.now += 61  # the window ended: a new one starts
    assert storage.get("k") == 0 and storage.incr("k", 60) == 1
    storage.clear("k")
    assert storage.get("k") == 0 and storage.check()
    storage.engine.dispose()


def test_a_limit_is_counted_once_across_workers(tmp_path: Path) -> None:
    """Two workers, the default database storage: 6 failed log-ins allowed, not 6 per worker.

    The first six arrive two at a time, so both workers serve them; counts kept in each worker
    would let the next ones through.
    """
    url = f"sqlite:///{tmp_path / 'server.db'}"
    with make_app(url).app_context():
        db.engine.dispose()
    log = tmp_path / "access.log"
    env = {"LOGIN_RATE_LIMIT": "6 per minute"}
    secret = secrets.token_hex(16)
    with gunicorn(
        url, workers=2, secret_key=secret, extra_env=env, access_log=log, pid_in_log=True
    ) as base:
        browser = Browser(base)
        token = TOKEN.search(browser.get("/login")).group(1)

        def fail(n: int) -> int:
            data = {"csrf_token": token, "email": f"n{n}@example.org", "password": "wrong!"}
            return browser.post("/login", data)

        with ThreadPoolExecutor(max_workers=2) as pool:
            first = list(pool.map(fail, range(6)))
        later = [fail(n) for n in range(6, 9)]
    assert first == [401] * 6 and later == [429] * 3, (first, later)
    pids = {line.split()[-1] for line in log.read_text().splitlines() if "/login" in line}
    assert len(pids) == 2, "both workers served the log-ins"


@pytest.fixture
def joinable(app: Flask, teacher: int) -> str:
    """An open session's join code."""
    return open_class(app, teacher)[1]


def test_unknown_codes_from_one_address_are_refused_after_the_limit(
    app: Flask, joinable: str
) -> None:
    app.config["CODE_LOOKUP_RATE_LIMIT"] = "3 per minute"
    student = join_class(app, joinable, "Sam")
    guesser = app.test_client()
    for code in ("ZZZZZZ", "YYYYYY", "XXXXXX"):
        assert guesser.get(f"/join/{code}").status_code == 404
    for path in (f"/join/{joinable}", f"/play/{joinable}", f"/play/{joinable}/state.json"):
        refused = guesser.get(path)  # a real code too: over the limit, no answer leaks
        assert refused.status_code == 429, path
        assert "matched no session" in refused.get_data(as_text=True)
    form = guesser.post("/join", data={"csrf_token": fresh_token(guesser), "code": joinable})
    assert form.status_code == 429
    # Students who joined keep polling from the same address; other addresses are not limited.
    assert student.get(f"/play/{joinable}/state.json").status_code == 200
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    assert elsewhere.get(f"/join/{joinable}").status_code == 200


def test_polling_unknown_codes_counts_as_guessing(app: Flask, joinable: str) -> None:
    app.config["CODE_LOOKUP_RATE_LIMIT"] = "3 per minute"
    etag = join_class(app, joinable, "Sam").get(f"/play/{joinable}/state.json").headers["ETag"]
    guesser = app.test_client()
    for code in ("ZZZZZZ", "YYYYYY", "XXXXXX"):
        assert guesser.get(f"/play/{code}/state.json").status_code == 404
    assert guesser.get("/play/WWWWWW/state.json").status_code == 429
    # Over the limit, a real code answers the same, even with the session's current version.
    unchanged = guesser.get(f"/play/{joinable}/state.json", headers={"If-None-Match": etag})
    assert unchanged.status_code == 429


def test_a_closed_session_is_not_a_failed_look_up(app: Flask, teacher: int) -> None:
    from quiz.classroom.models import ClassSession
    from quiz.extensions import db

    app.config["CODE_LOOKUP_RATE_LIMIT"] = "2 per minute"
    session_id, code = open_class(app, teacher)
    with app.app_context():
        db.session.get(ClassSession, session_id).closed_at = db.func.now()
        db.session.commit()
    visitor = app.test_client()
    assert [visitor.get(f"/join/{code}").status_code for _ in range(4)] == [410] * 4


def nickname_post(client: FlaskClient, code: str, nickname: str) -> int:
    page = client.get(f"/join/{code}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "nickname": nickname}
    return client.post(f"/join/{code}", data=data).status_code


def test_refused_joins_do_not_use_up_the_sessions_joins(app: Flask, joinable: str) -> None:
    app.config["JOIN_RATE_LIMIT_PER_SESSION"] = "3 per minute"
    app.config["JOIN_FAILURE_RATE_LIMIT"] = "4 per minute"
    troll = app.test_client()
    assert [nickname_post(troll, joinable, "") for _ in range(5)] == [400] * 4 + [429]
    statuses = []
    for n in range(4):
        student = app.test_client()
        student.environ_base["REMOTE_ADDR"] = f"10.1.1.{n + 1}"
        statuses.append(nickname_post(student, joinable, f"Student {n}"))
    assert statuses == [303, 303, 303, 429]  # only successful joins count for the session


def test_sign_ups_are_throttled_per_address(app: Flask) -> None:
    app.config["SIGNUP_RATE_LIMIT"] = "2 per hour"
    client = app.test_client()
    statuses = []
    for n in range(3):
        page = client.get("/signup").get_data(as_text=True)
        data = {
            "csrf_token": csrf_token(page),
            "name": "T",
            "email": f"t{n}@example.org",
            "password": "long enough pw",
            "confirm": "long enough pw",
        }
        statuses.append(client.post("/signup", data=data).status_code)
    assert statuses == [303, 303, 429]
