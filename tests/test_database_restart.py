"""PostgreSQL restarts under a class at work: no acknowledged answer is lost, nothing fails once
the database is back, and the student's page recovers by itself.

A real gunicorn server on a PostgreSQL server of the test's own (Debian's binaries, a new data
folder on a free port), stopped and started again in the middle; the machine's PostgreSQL and
whatever else uses it are left alone.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quiz.classroom import operations as classroom
from quiz.classroom.models import ClassAnswer, SessionMode
from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.library.operations import load_content
from tests.conftest import IN_CI, free_port, make_app, postgres_url_or_skip
from tests.factories import make_teacher, open_session, statements_of
from tests.servers import TOKEN, Browser, gunicorn

pytestmark = [pytest.mark.postgres, pytest.mark.browser]

STUDENTS = 8
BINARIES = Path("/usr/lib/postgresql")


def server_binaries() -> Path:
    """Debian's PostgreSQL server programs (skipped without them, failed in CI)."""
    postgres_url_or_skip()  # PostgreSQL tests are asked for at all
    found = sorted(BINARIES.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        reason = f"PostgreSQL's server programs are missing under {BINARIES}"
        pytest.fail(f"{reason}; mandatory in CI") if IN_CI else pytest.skip(reason)
    return found[-1].parent


class PrivatePostgres:
    """A PostgreSQL server in a folder of its own, on a free port (run as the postgres user
    when the tests run as root, which PostgreSQL refuses)."""

    def __init__(self, folder: Path) -> None:
        versions = (
            sorted(BINARIES.iterdir(), key=lambda p: int(p.name)) if BINARIES.exists() else []
        )
        if not versions:
            pytest.fail(f"PostgreSQL's server binaries are missing under {BINARIES}")
        self.bin = versions[-1] / "bin"
        self.data = folder / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.options = ["-o", options, "-l", str(folder / "server.log")]
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [*self.as_owner, str(self.bin / program), *args]
        subprocess.run(command, check=True, capture_output=True)

    def start(self) -> None:
        """Start it and wait until it takes connections."""
        self._run("pg_ctl", "-D", str(self.data), *self.options, "-w", "start")

    def stop(self) -> None:
        """Stop it at once, as a crash or a restart would (clients are cut off)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


class Student:
    """A student's browser: answers the statement on screen until it is acknowledged."""

    def __init__(self, base: str, code: str, nickname: str) -> None:
        self.browser = Browser(base)
        self.code = code
        page = self.browser.get(f"/join/{code}")
        status = self.browser.post(
            f"/join/{code}", {"csrf_token": TOKEN.search(page).group(1), "nickname": nickname}
        )
        assert status == 303
        self.token = TOKEN.search(self.browser.get(f"/play/{code}")).group(1)
        self.statuses: list[int] = []
        self.acknowledged: list[str] = []

    def status_of(self, path: str) -> int:
        """The status of a GET (0 when the server cannot be reached)."""
        try:
            with self.browser.opener.open(self.browser.base + path, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def answer_until_acknowledged(self, statement: str, deadline: float) -> None:
        """Post one answer, again after any 5xx or lost connection, as the page's script does."""
        data = {"csrf_token": self.token, "statement": statement, "label": "verified"}
        while time.monotonic() < deadline:
            request = urllib.request.Request(
                f"{self.browser.base}/play/{self.code}/answers",
                data=urllib.parse.urlencode(data).encode(),
                headers={"Accept": "application/json"},
            )
            try:
                with self.browser.opener.open(request, timeout=10) as response:
                    self.statuses.append(response.status)
                    json.loads(response.read())
                    self.acknowledged.append(statement)
                    return
            except urllib.error.HTTPError as error:
                self.statuses.append(error.code)
                assert error.code >= 500, error.read()[:300]
            except OSError:
                self.statuses.append(0)  # no connection
            time.sleep(0.2)


def test_answers_survive_a_database_restart_and_the_page_recovers(browser: object) -> None:
    # Not under pytest's temporary folder: only its owner may enter that, and the server may
    # run as the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="sourcesense-postgres-"))
    try:
        postgres = PrivatePostgres(folder)
        postgres.start()
        try:
            _restart_under_a_class(browser, postgres)
        finally:
            postgres.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _restart_under_a_class(browser: object, postgres: PrivatePostgres) -> None:
    url = postgres.url
    app = make_app(url)
    with app.app_context():
        load_content(CONTENT_DIR)
        teacher = make_teacher()
        class_session = open_session(teacher, mode=SessionMode.LIVE)
        keys = [s.key for s in statements_of("kramatorsk-strike-briefing")]
        classroom.advance(class_session)
        code, session_id = class_session.code, class_session.id
        db.session.remove()
        db.engine.dispose()

    with gunicorn(url, workers=2, secret_key=secrets.token_hex(16)) as base:
        students = [Student(base, code, f"s{n}") for n in range(STUDENTS)]
        context = browser.new_context()
        page = open_student_page(context, base, code)
        try:
            postgres.stop()
            during = [s.status_of(f"/play/{code}/state.json") for s in students[:2]]
            deadline = time.monotonic() + 30
            threads = [
                threading.Thread(target=s.answer_until_acknowledged, args=(keys[0], deadline))
                for s in students
            ]
            for thread in threads:
                thread.start()
            page.get_by_role("button", name="Speculation", exact=True).click()
            page.wait_for_selector("[data-connection]:not([hidden])", timeout=10_000)
            time.sleep(1)
        finally:
            postgres.start()
        for thread in threads:
            thread.join()
        page.wait_for_selector("text=Answer received", timeout=20_000)
        assert page.locator("[data-connection]").is_hidden()
        after = [s.status_of(f"/play/{code}") for s in students]
        context.close()

    assert all(status == 503 for status in during), during
    assert all(s.acknowledged == [keys[0]] for s in students), [s.statuses for s in students]
    assert after == [200] * STUDENTS  # nothing fails once the database is back
    with app.app_context():
        stored = db.session.scalar(
            select(func.count(ClassAnswer.id)).where(ClassAnswer.session_id == session_id)
        )
        assert stored == STUDENTS + 1  # every acknowledged answer, and the page's own
        db.session.remove()
        db.engine.dispose()


def open_student_page(context: object, base: str, code: str) -> object:
    """Chromium on the student's page of the session, joined as one more student."""
    page = context.new_page()
    page.goto(f"{base}/join/{code}")
    page.get_by_label("Your nickname").fill("Chromium")
    page.get_by_role("button", name="Join").click()
    page.wait_for_selector("html[data-keys-ready] [data-answer-form]")
    return page
