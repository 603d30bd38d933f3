"""PostgreSQL restarts under a class at work: no acknowledged answer is lost, nothing fails once
the database is back, and the student's page recovers by itself.

A real gunicorn server on a database of its own; the machine's PostgreSQL is stopped and started
again in the middle (this test needs to run as a user that may do that, as CI does).
"""

from __future__ import annotations

import json
import secrets
import subprocess
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
from tests.conftest import make_app, scratch_postgres_url
from tests.factories import make_teacher, open_session, statements_of
from tests.servers import TOKEN, Browser, gunicorn

pytestmark = [pytest.mark.postgres, pytest.mark.browser]

STUDENTS = 8
CLUSTER = Path("/etc/postgresql")


def postgres(action: str) -> None:
    """Stop or start the machine's PostgreSQL cluster, and wait until it is as asked."""
    version = sorted(p.name for p in CLUSTER.iterdir())[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        capture_output=True,
    )
    for _ in range(100):
        ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0
        if ready == (action == "start"):
            return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not {action}")


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
    url = scratch_postgres_url("restart")
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
            postgres("stop")
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
            postgres("start")
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
        db.drop_all()
        db.engine.dispose()


def open_student_page(context: object, base: str, code: str) -> object:
    """Chromium on the student's page of the session, joined as one more student."""
    page = context.new_page()
    page.goto(f"{base}/join/{code}")
    page.get_by_label("Your nickname").fill("Chromium")
    page.get_by_role("button", name="Join").click()
    page.wait_for_selector("html[data-keys-ready] [data-answer-form]")
    return page
