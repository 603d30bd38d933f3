"""No input gives a 500: random bytes and Unicode posted to every route and form (Hypothesis),
as a stranger and as a logged-in teacher, on both databases.

The suite runs 60 examples per database; NO_500_EXAMPLES=5000 searches harder.
"""

from __future__ import annotations

import os
import re

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.extensions import db
from quiz.practice.operations import start_run
from tests.factories import article, fresh_token, join, log_in, make_teacher, open_session

FIELDS = [
    "csrf_token", "code", "nickname", "statement", "label", "confidence", "email", "password",
    "confirm", "current", "name", "login", "title", "outlet", "published", "source_url", "text",
    "statements", "mode", "feedback", "open_for", "shuffle", "remember", "public",
    "sentences-0-label", "sentences-0-include", "sentences-0-cues", "sentences-0-explanation",
]  # fmt: skip
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["", " ", "\x00", "verified", "live", "2024-13-45", "-1", "9" * 30, "../"]),
)


def rules(app: Flask) -> list[str]:
    """Every route of the app but static files."""
    return sorted({r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"})


@pytest.fixture
def world(app: Flask) -> dict:
    """A teacher with a session and a student, a run: real ids for the routes to find."""
    with app.app_context():
        teacher = make_teacher()
        class_session = open_session(teacher)
        join(class_session, "Kim")
        run = start_run(article(), None)
        teacher_browser = log_in(app.test_client(), teacher)
        return {
            "ids": [str(class_session.id), "0", "1"],
            "codes": [class_session.code, "ZZZZZZ"],
            "runs": [run.public_id],
            "teacher": teacher_browser,
        }


def path_for(rule: str, draw: st.DrawFn, world: dict) -> str:
    """The rule with each variable part drawn: a real value or random text."""

    def value(match: re.Match[str]) -> str:
        converter, name = match.groups()
        if converter == "int":
            return str(draw(st.one_of(st.sampled_from(world["ids"]), st.integers(0, 10**12))))
        known = {"code": world["codes"], "run_id": world["runs"], "slug": ["pyongyang-tribute"]}
        choices = st.sampled_from(known.get(name, ["x"]))
        raw = draw(st.one_of(choices, st.text(min_size=1, max_size=30)))
        return re.sub(r"[/?#%]", "_", raw) or "x"

    return CONVERTER.sub(value, rule)


@settings(
    max_examples=int(os.environ.get("NO_500_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_to_every_route_is_never_a_500(app: Flask, world: dict, data) -> None:
    rule = data.draw(st.sampled_from(rules(app)), label="rule")
    path = path_for(rule, data.draw, world)
    browser = world["teacher"] if data.draw(st.booleans(), label="teacher") else app.test_client()
    form = data.draw(st.dictionaries(st.sampled_from(FIELDS), texts, max_size=6), label="form")
    if data.draw(st.booleans(), label="valid token"):
        form["csrf_token"] = fresh_token(browser)
    query = data.draw(
        st.dictionaries(st.sampled_from(["true", "chosen", "next"]), texts, max_size=2)
    )
    if data.draw(st.booleans(), label="post"):
        response = browser.post(path, data=form, query_string=query)
    else:
        response = browser.get(path, query_string=query)
    assert response.status_code < 500, (rule, path, form, response.status_code)
    with app.app_context():
        db.session.remove()
