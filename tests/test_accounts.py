"""Teacher accounts: sign-up, log-in, log-out, remember me, the rate limit, the CLI."""

from __future__ import annotations

import time

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


def test_sign_up_hashes_password_and_the_account_logs_in(app: Flask, client: FlaskClient) -> None:
    response = sign_up(client, email="  Lee@Example.ORG ")
    assert response.status_code == 303 and response.location == "/signup/sent"
    page = client.get(response.location).get_data(as_text=True)
    assert "your account is ready" in page
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "lee@example.org"
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert log_in(client, "lee@example.org").location == "/teach"


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


def test_a_taken_email_gets_the_same_answer_as_a_new_one(app: Flask, client: FlaskClient) -> None:
    """Sign-up must not tell whether an address has an account; the account is untouched."""
    with app.app_context():
        make_teacher("lee@example.org", "Ms Lee")
    taken = sign_up(
        client, email="LEE@example.org", password="another one!", confirm="another one!"
    )
    new = sign_up(app.test_client(), email="new@example.org")
    assert (taken.status_code, taken.location) == (new.status_code, new.location)
    assert client.get(taken.location).data == app.test_client().get(new.location).data
    assert log_in(client, "lee@example.org", "another one!").status_code == 401
    with app.app_context():
        assert (
            db.session.scalar(select(User.name).where(User.email == "lee@example.org")) == "Ms Lee"
        )


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
    data["csrf_token"] = csrf_token(client.get("/login").get_data(as_text=True))
    evil = client.post("/login?next=https://evil.example/", data=data)
    assert evil.location == "/teach"


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example/x", "/\\evil.example", "javascript:x", ""]
)
def test_safe_next_refuses_other_sites(app: Flask, target: str) -> None:
    with app.test_request_context():
        assert safe_next(target, "/teach") == "/teach"
        assert safe_next("/teach/sessions/1?x=1", "/teach") == "/teach/sessions/1?x=1"


def test_failed_logins_are_limited_per_address(app: Flask, client: FlaskClient) -> None:
    """LOGIN_RATE_LIMIT (30 per 10 minutes by default): failures from one address, whatever
    the account (shown with 5, to keep the test quick)."""
    app.config["LOGIN_RATE_LIMIT"] = "5 per 10 minutes"
    statuses = [
        log_in(client, f"nobody{n}@example.org", "wrong password!").status_code for n in range(6)
    ]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    assert "Too many requests" in log_in(client, "t@example.org").get_data(as_text=True)


def test_failed_logins_per_account_are_limited_across_addresses(app: Flask, teacher: str) -> None:
    """LOGIN_RATE_LIMIT_PER_ACCOUNT (10 per 5 minutes): failures on one account, any address."""
    statuses = []
    for n in range(11):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        statuses.append(log_in(client, "t@example.org", "wrong password!").status_code)
    assert statuses[:10] == [401] * 10 and statuses[10] == 429


def test_a_locked_account_opens_again_for_the_right_password_after_a_short_delay(
    app: Flask, teacher: str
) -> None:
    """The lock lasts the window (5 minutes by default), not an hour; shown with 1 second."""
    app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "3 per 1 second"
    for n in range(3):
        stranger = app.test_client()
        stranger.environ_base["REMOTE_ADDR"] = f"10.0.1.{n + 1}"
        log_in(stranger, "t@example.org", "wrong password!")
    owner = app.test_client()
    assert log_in(owner, "t@example.org").status_code == 429
    time.sleep(1.1)
    assert log_in(owner, "t@example.org").status_code == 303


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
