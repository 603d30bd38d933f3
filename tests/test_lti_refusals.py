"""Every launch that fails a check is refused with a page that names the check (never a 500),
and leaves no account, course learner or participant behind. On SQLite and PostgreSQL."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.classroom.models import Participant
from quiz.extensions import db
from quiz.lti.launch import STATE_COOKIE_PREFIX
from quiz.lti.models import LtiAccount, LtiLearner
from tests.lti_helpers import (  # noqa: F401  (the fixtures lms and served)
    launch_through,
    lms_fixture,
    make_activity,
    posted_form,
    served_fixture,
)
from tests.lti_platform import INSTRUCTOR, LEARNER, LTI, LmsPlatform, new_key

_FORGER = new_key()


CASES = {
    "forged signature": (
        lambda: {"key": _FORGER},
        400,
        "The platform&#39;s signature does not match.",
    ),
    "wrong issuer": (
        lambda: {"claims": {"iss": "https://evil.example"}},
        400,
        "The token&#39;s issuer is not the platform that started this launch.",
    ),
    "wrong audience": (
        lambda: {"claims": {"aud": "another-tool"}},
        400,
        "The token is not meant for SourceSense (its audience).",
    ),
    "several audiences without azp": (
        lambda: {"claims": {"aud": ["sourcesense-client", "another-tool"]}},
        400,
        "no authorized party (azp)",
    ),
    "expired token": (
        lambda: {"claims": {"exp": int(time.time()) - 120, "iat": int(time.time()) - 180}},
        400,
        "The launch&#39;s token has expired.",
    ),
    "issued in the future": (
        lambda: {"claims": {"iat": int(time.time()) + 300, "exp": int(time.time()) + 400}},
        400,
        "The token was issued in the future (allowed clock skew: 60 s).",
    ),
    "nonce of another browser": (
        lambda: {"claims": {"nonce": "someone-elses"}},
        400,
        "The launch&#39;s nonce is not the one this browser was given.",
    ),
    "unknown deployment": (
        lambda: {"claims": {LTI + "deployment_id": "deployment-9"}},
        400,
        "This deployment of SourceSense is not registered for the platform.",
    ),
    "wrong LTI version": (
        lambda: {"claims": {LTI + "version": "1.1"}},
        400,
        "The launch is not LTI 1.3.0.",
    ),
    "learner asks for deep linking": (
        lambda: {"message_type": "LtiDeepLinkingRequest", "roles": [LEARNER]},
        403,
        "Only the course&#39;s instructors can add SourceSense activities.",
    ),
}


def nothing_made(app: Flask) -> bool:
    """No account, LMS learner or participant was made."""
    with app.app_context():
        return all(
            db.session.scalar(select(func.count()).select_from(model)) == 0
            for model in (LtiAccount, LtiLearner, Participant)
        )


@pytest.mark.parametrize("case", list(CASES))
def test_a_launch_failing_a_check_is_refused_with_its_message(
    app: Flask, client: FlaskClient, lms: LmsPlatform, case: str
) -> None:
    make, status, message = CASES[case]
    public_id, _ = make_activity(app)
    refused = launch_through(client, lms, custom={"sourcesense_activity": public_id}, **make())
    assert refused.status_code == status
    assert message in refused.get_data(as_text=True)
    assert nothing_made(app)


def _login_and_token(client: FlaskClient, lms: LmsPlatform, **launch: Any) -> dict[str, str]:
    lms.next_launch = launch
    start = client.get("/lti/login", query_string=lms.login_params())
    return posted_form(requests.get(start.location, timeout=10).text)[1]


def test_a_replayed_id_token_is_refused_even_with_the_state_cookie(
    app: Flask, lms: LmsPlatform
) -> None:
    public_id, code = make_activity(app)
    browser = app.test_client()
    fields = _login_and_token(browser, lms, custom={"sourcesense_activity": public_id})
    cookie = browser.get_cookie(STATE_COOKIE_PREFIX + fields["state"], path="/lti/")
    assert browser.post("/lti/launch", data=fields).location == f"/play/{code}"
    attacker = app.test_client()  # has stolen the state cookie and the posted form
    attacker.set_cookie(cookie.key, cookie.value, path="/lti/")
    replayed = attacker.post("/lti/launch", data=fields)
    assert replayed.status_code == 400
    assert "The launch&#39;s nonce was used already." in replayed.get_data(as_text=True)


def test_a_launch_without_this_browsers_state_or_an_unknown_platform_is_refused(
    app: Flask, lms: LmsPlatform
) -> None:
    fields = _login_and_token(app.test_client(), lms, roles=[INSTRUCTOR])
    other_browser = app.test_client().post("/lti/launch", data=fields)
    assert other_browser.status_code == 400
    assert "state is unknown to this browser" in other_browser.get_data(as_text=True)
    unknown = app.test_client().get(
        "/lti/login", query_string=lms.login_params(iss="https://x.example")
    )
    assert unknown.status_code == 400
    assert "No platform with this issuer and client ID" in unknown.get_data(as_text=True)
    assert app.test_client().post("/lti/launch", data={"id_token": "x.y.z"}).status_code == 400
    assert nothing_made(app)


def test_a_browser_sent_to_the_login_step_again_and_again_keeps_few_state_cookies(
    app: Flask, lms: LmsPlatform
) -> None:
    browser = app.test_client()
    for _ in range(12):
        browser.get("/lti/login", query_string=lms.login_params())
    jar = browser._cookies.values()  # werkzeug's test client has no public listing
    pending = [c for c in jar if c.key.startswith(STATE_COOKIE_PREFIX)]
    assert 1 <= len(pending) <= 5
