"""Teacher accounts: sign-up, log-in, log-out, remember me, the rate limit, the CLI."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quiz.accounts.models import User
from quiz.accounts.views import safe_next
from quiz.extensions import db
from tests.factories import PASSWORD, csrf_token, make_teacher
from tests.pages import log_in_through_form as log_in


@pytest.fixture
def teacher(app: Flask) -> str:
    """A teacher account; returns its email."""
    with app.app_context():
        return make_teacher("t@example.org").email


def sign_up(client: FlaskClient, **fields: str) -> object:
    page = client.get("/signup").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "name": "Mr Lee",
        "email": "lee@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
        **fields,
    }
    return client.post("/signup", data=data)


def test_sign_up_hashes_password_and_logs_in(app: Flask, client: FlaskClient) -> None:
    response = sign_up(client, email="  Lee@Example.ORG ")
    assert response.status_code == 303 and response.location.endswith("/teach")
    assert client.get("/teach").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "lee@example.org"
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "short", "confirm": "short"}, "at least 10 characters"),
        ({"confirm": "something else entirely"}, "The passwords differ"),
        ({"email": "not-an-email"}, "Invalid email"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_sign_up_refuses_bad_input(client: FlaskClient, fields: dict, message: str) -> None:
    response = sign_up(client, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_duplicate_email_is_refused(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_teacher("lee@example.org")
    response = sign_up(client, email="LEE@example.org")
    assert response.status_code == 400
    assert "exists" in response.get_data(as_text=True)


def test_log_in_log_out(client: FlaskClient, teacher: str) -> None:
    assert log_in(client, "t@example.org", "wrong password!").status_code == 401
    assert client.get("/teach").status_code == 403
    assert log_in(client, "T@example.org").status_code == 303
    assert client.get("/teach").status_code == 200
    page = client.get("/teach").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_token(page)}).status_code == 303
    assert client.get("/teach").status_code == 403


def test_remember_me_sets_a_secure_flagged_cookie(client: FlaskClient, teacher: str) -> None:
    response = log_in(client, "t@example.org", remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "SameSite=Lax" in remember


def test_next_redirect_is_kept_on_site(client: FlaskClient, teacher: str) -> None:
    page = client.get("/login?next=/teach").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "email": "t@example.org", "password": PASSWORD}
    assert client.post("/login?next=/teach", data=data).location == "/teach"
    evil = client.post("/login?next=https://evil.example/", data=data)
    assert evil.location == "/teach"


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example/x", "/\\evil.example", "javascript:x", ""]
)
def test_safe_next_refuses_other_sites(app: Flask, target: str) -> None:
    with app.test_request_context():
        assert safe_next(target, "/teach") == "/teach"
        assert safe_next("/teach/sessions/1?x=1", "/teach") == "/teach/sessions/1?x=1"


def test_failed_logins_are_rate_limited(client: FlaskClient, teacher: str) -> None:
    statuses = [log_in(client, "t@example.org", "wrong password!").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    # The right password is refused too while the limit lasts.
    assert log_in(client, "t@example.org").status_code == 429


def test_failed_logins_per_account_are_limited_across_addresses(app: Flask, teacher: str) -> None:
    statuses = []
    for n in range(21):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.{n // 200}.{n % 200 + 1}"
        statuses.append(log_in(client, "t@example.org", "wrong password!").status_code)
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


def test_cli_creates_teacher(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-teacher", "--name", "Ana", "--email", "ana@example.org"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        args=["users", "create-teacher", "--name", "Ana", "--email", "ana@example.org"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert again.exit_code != 0 and "exists" in again.output
    short = runner.invoke(
        args=["users", "create-teacher", "--name", "B", "--email", "b@example.org"],
        input="short\nshort\n",
    )
    assert short.exit_code != 0 and "at least 10" in short.output
