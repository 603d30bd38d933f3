"""Registering LMS platforms (the command line, and admin teachers' pages), the tool's keys and
URLs, and the "Share to Classroom" link."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from quiz.accounts.models import User
from quiz.extensions import db
from quiz.lti.models import LtiKey, LtiPlatform
from tests.factories import csrf_token, join, log_in, make_teacher, open_session, student_browser

PLATFORM = {
    "name": "School Moodle",
    "issuer": "https://moodle.school.example",
    "client_id": "abc123",
    "deployment_ids": "1\n2",
    "auth_login_url": "https://moodle.school.example/mod/lti/auth.php",
    "auth_token_url": "https://moodle.school.example/mod/lti/token.php",
    "jwks_url": "https://moodle.school.example/mod/lti/certs.php",
    "frame_origin": "",
}
CLI_PLATFORM = [
    "lti", "add-platform", "--issuer", "https://canvas.instructure.com", "--client-id", "1000",
    "--deployment-id", "7:abc", "--login-url", "https://sso.canvaslms.com/api/lti/authorize_redirect",
    "--token-url", "https://sso.canvaslms.com/login/oauth2/token",
    "--jwks-url", "https://sso.canvaslms.com/api/lti/security/jwks", "--name", "Canvas",
]  # fmt: skip


@pytest.fixture
def admin(app: Flask, runner: FlaskCliRunner) -> FlaskClient:
    """A teacher made an administrator with ``flask users make-admin``, logged in."""
    with app.app_context():
        user = make_teacher("admin@example.org", "Ada Admin")
    result = runner.invoke(args=["users", "make-admin", "--email", "admin@example.org"])
    assert result.exit_code == 0 and "is an administrator" in result.output
    with app.app_context():
        return log_in(app.test_client(), db.session.get(User, user.id))


def test_platforms_are_added_listed_and_removed_from_the_command_line(
    app: Flask, runner: FlaskCliRunner
) -> None:
    added = runner.invoke(args=CLI_PLATFORM)
    assert added.exit_code == 0 and "registered platform" in added.output
    listed = runner.invoke(args=["lti", "list-platforms"]).output
    assert "Canvas\thttps://canvas.instructure.com\tclient 1000\t7:abc" in listed
    again = runner.invoke(args=CLI_PLATFORM)
    assert again.exit_code != 0 and "is registered" in again.output
    http = runner.invoke(args=[*CLI_PLATFORM[:-2], "--jwks-url", "http://x.example/jwks"])
    assert http.exit_code != 0 and "must be an https:// address" in http.output
    with app.app_context():
        platform_id = db.session.scalar(select(LtiPlatform.id))
        assert db.session.scalar(select(func.count(LtiKey.id))) == 1  # made with the first
    assert runner.invoke(args=["lti", "remove-platform", "--id", str(platform_id)]).exit_code == 0
    assert runner.invoke(args=["lti", "list-platforms"]).output == ""


def test_an_admin_registers_and_removes_a_platform_and_others_may_not(
    app: Flask, admin: FlaskClient, teacher_client: FlaskClient
) -> None:
    assert 'href="/teach/lti/platforms"' in admin.get("/teach").get_data(as_text=True)
    home = teacher_client.get("/teach").get_data(as_text=True)
    assert 'href="/teach/lti"' in home and 'href="/teach/lti/platforms"' not in home
    page = admin.get("/teach/lti/platforms")
    assert page.status_code == 200
    data = {**PLATFORM, "csrf_token": csrf_token(page.get_data(as_text=True))}
    assert admin.post("/teach/lti/platforms", data=data).status_code == 303
    listing = admin.get("/teach/lti/platforms").get_data(as_text=True)
    assert "School Moodle" in listing and "1, 2" in listing and "In a new window" in listing
    with app.app_context():
        platform_id = db.session.scalar(select(LtiPlatform.id))
    delete = f"/teach/lti/platforms/{platform_id}/delete"
    token = csrf_token(teacher_client.get("/join").get_data(as_text=True))
    for browser, status in ((teacher_client, 403), (app.test_client(), 403)):
        assert browser.get("/teach/lti/platforms").status_code == status
        assert browser.post("/teach/lti/platforms", data=data).status_code in (400, 403)
        assert browser.post(delete, data={"csrf_token": token}).status_code in (400, 403)
    admin_token = csrf_token(listing)
    assert admin.post(delete, data={"csrf_token": admin_token}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(LtiPlatform.id))) == 0


def test_the_settings_page_shows_the_tool_urls_from_the_public_address(
    app: Flask, teacher_client: FlaskClient
) -> None:
    app.config["PUBLIC_URL"] = "https://sourcesense.example.org"
    page = teacher_client.get("/teach/lti").get_data(as_text=True)
    for path in ("/lti/launch", "/lti/login", "/lti/jwks.json"):
        assert f"https://sourcesense.example.org{path}" in page
    assert app.test_client().get("/teach/lti").status_code == 403


def test_the_key_set_publishes_the_current_and_previous_key_after_rotations(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    assert client.get("/lti/jwks.json").json == {"keys": []}  # reading never makes a key
    kids = [runner.invoke(args=["lti", "rotate-key"]).output.split()[-1] for _ in range(3)]
    published = [k["kid"] for k in client.get("/lti/jwks.json").json["keys"]]
    assert published == [kids[2], kids[1]]
    assert all(
        k["alg"] == "RS256" and k["use"] == "sig" for k in client.get("/lti/jwks.json").json["keys"]
    )


def test_the_join_screen_and_the_teacher_view_offer_a_share_to_classroom_link(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    with app.app_context():
        class_session = open_session(db.session.get(User, teacher))
        session_id, code = class_session.id, class_session.code
        student = student_browser(app, join(class_session, "Kim"))
    for path in (f"/teach/sessions/{session_id}", f"/teach/sessions/{session_id}/manage"):
        page = teacher_client.get(path).get_data(as_text=True)
        share = f"https://classroom.google.com/share?url=http%3A%2F%2Flocalhost%2Fjoin%2F{code}"
        assert share in page
        assert '<script src="https://' not in page
    assert student.get(f"/play/{code}").status_code == 200
