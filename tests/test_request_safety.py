"""Requests that must change nothing: a form sent without its CSRF token, and any GET.

Both walk every route of the app, so a new route is covered the day it is added.
"""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from quiz.extensions import db
from tests.factories import join, log_in, make_teacher, open_session, start_run

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def every_row_count(app: Flask) -> dict[str, int]:
    """How many rows each table holds."""
    with app.app_context():
        return {
            name: db.session.scalar(select(func.count()).select_from(table))
            for name, table in db.metadata.tables.items()
            if name != "rate_limit"
        }


def routes(app: Flask, method: str, values: dict[str, str]) -> list[str]:
    """Every route that takes ``method``, with its variable parts filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if method in rule.methods and rule.endpoint != "static":
            urls.append(CONVERTER.sub(lambda m: values.get(m.group(2), "1"), rule.rule))
    return sorted(urls)


def world(app: Flask) -> tuple[object, dict[str, str]]:
    """A logged-in teacher's browser, and real values for every route's variable parts."""
    with app.app_context():
        teacher = make_teacher()
        class_session = open_session(teacher)
        student = join(class_session, "Kim")
        run = start_run()
        values = {
            "session_id": str(class_session.id),
            "participant_id": str(student.id),
            "code": class_session.code,
            "run_id": run.public_id,
            "slug": "kramatorsk-strike-briefing",
            "position": "1",
            "draft_id": "1",
            "token": "x",
        }
        return log_in(app.test_client(), teacher), values


def test_no_form_is_accepted_without_its_csrf_token(app: Flask) -> None:
    browser, values = world(app)
    before = every_row_count(app)
    posts = routes(app, "POST", values)
    statuses = {url: browser.post(url, data={"label": "verified"}).status_code for url in posts}
    assert len(posts) >= 25
    assert all(status == 400 for status in statuses.values()), statuses
    assert every_row_count(app) == before


def test_no_get_changes_anything(app: Flask) -> None:
    browser, values = world(app)
    before = every_row_count(app)
    gets = routes(app, "GET", values)
    statuses = {url: browser.get(url).status_code for url in gets}
    # /readyz answers 503 by design here: the tests' schema is not stamped by the migrations.
    failed = [(url, s) for url, s in statuses.items() if s >= 500 and url != "/readyz"]
    assert len(gets) >= 30 and failed == []
    assert every_row_count(app) == before
