"""Helpers of the LTI tests: register the test LMS in the app, run a whole launch in a test
browser, read an auto-posting form, make an activity; the ``served`` and ``lms`` fixtures."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from tests.lti_platform import LmsPlatform, new_key, serve

_FORM = re.compile(r'<form method="post" action="(https?://[^"]+)"[^>]*>(.*?)</form>', re.S)
_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def posted_form(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of an auto-posting page."""
    match = _FORM.search(page)
    assert match, page[:500]
    fields = {k: html.unescape(v) for k, v in _INPUT.findall(match.group(2))}
    return html.unescape(match.group(1)), fields


@lru_cache(maxsize=1)
def tool_pem() -> str:
    """One RSA key pair for the tool per run (making one costs a tenth of a second)."""
    from quiz.lti.keys import new_private_pem

    return new_private_pem()


def register_platform(platform: LmsPlatform, **overrides: Any) -> int:
    """Register the test platform in the app (needs an app context), with the run's tool key;
    returns the platform's id."""
    from quiz.extensions import db
    from quiz.lti.keys import public_jwk
    from quiz.lti.models import LtiKey
    from quiz.lti.platforms import PlatformSettings, add_platform

    if db.session.query(LtiKey).count() == 0:
        db.session.add(LtiKey(kid=public_jwk(tool_pem())["kid"], private_pem=tool_pem()))
        db.session.commit()
    return add_platform(PlatformSettings(**platform.registration(**overrides))).id


def launch_through(client: FlaskClient, platform: LmsPlatform, **next_launch: Any) -> Any:
    """A whole launch in a test browser: the LMS's login initiation, the platform's
    authorization endpoint over HTTP, and the id_token posted to the tool."""
    platform.next_launch = next_launch
    start = client.get("/lti/login", query_string=platform.login_params())
    assert start.status_code == 302, start.get_data(as_text=True)[:500]
    page = requests.get(start.location, timeout=10)
    assert page.status_code == 200, page.text
    action, fields = posted_form(page.text)
    assert action == platform.tool_launch_url
    return client.post("/lti/launch", data=fields)


@pytest.fixture(scope="module", name="served")
def served_fixture() -> Iterator[LmsPlatform]:
    """The test platform on a loopback port for the whole module."""
    with serve(LmsPlatform(key=new_key())) as platform:
        yield platform


@pytest.fixture(name="lms")
def lms_fixture(app: Flask, served: LmsPlatform) -> LmsPlatform:
    """The test platform, registered in the app (plain HTTP allowed for loopback), knowing the
    tool's public keys."""
    from quiz.lti import platform_keys, roster, services

    app.config["LTI_ALLOW_HTTP"] = True
    served.reset()
    services.forget()
    platform_keys.forget()
    roster.forget()
    with app.app_context():
        register_platform(served)
    served.tool_jwks = app.test_client().get("/lti/jwks.json").json
    return served


def make_activity(app: Flask, feedback: str = "end") -> tuple[str, str]:
    """An activity on the briefing made as deep linking would; (its public id, join code)."""
    from sqlalchemy import select

    from quiz.classroom.models import Feedback
    from quiz.extensions import db
    from quiz.lti.models import LtiCourse, LtiPlatform
    from quiz.lti.operations import create_activity
    from tests.factories import BRIEFING, article, make_teacher

    with app.app_context():
        platform = db.session.scalar(select(LtiPlatform))
        course = LtiCourse(platform=platform, context_id="course-101", title="Media literacy")
        db.session.add(course)
        db.session.commit()
        activity = create_activity(
            platform, course, make_teacher(), article(BRIEFING), feedback=Feedback(feedback),
            evidence_step=False,
        )  # fmt: skip
        return activity.public_id, activity.class_session.code
