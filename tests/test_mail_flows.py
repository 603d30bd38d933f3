"""Mailed links, sent through a real SMTP server on loopback (aiosmtpd): finishing a sign-up,
resetting a password, and answers that never tell whether an address has an account."""

from __future__ import annotations

import email
import re
import time
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.accounts.models import LoginSession, Role, User
from quiz.extensions import db
from tests.conftest import free_port
from tests.factories import PASSWORD, csrf_token, fresh_token, make_learner_account, make_teacher
from tests.pages import log_in_through_form as log_in


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 5) -> list[Message]:
        """The messages, once ``count`` have arrived."""
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def link(self, index: int = -1) -> str:
        """The path of the link in a message."""
        message = self.wait_for(abs(index) if index < 0 else index + 1)[index]
        body = message.get_payload(decode=True).decode()
        return re.search(r"http://localhost(/\S+)", body).group(1)


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    """A real SMTP server on a loopback port."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def inbox(app: Flask, smtp_server: tuple[Controller, Inbox]) -> Inbox:
    """An empty inbox, and the app configured to send to it."""
    controller, received = smtp_server
    received.messages.clear()
    app.config.update(
        MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port, MAIL_STARTTLS=False
    )
    return received


def sign_up(client: FlaskClient, email_address: str) -> object:
    page = client.get("/signup").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "name": "Mr Lee", "email": email_address}
    return client.post("/signup", data=data)


def test_sign_up_mails_a_link_and_the_owner_chooses_the_password(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    response = sign_up(client, "lee@example.org")
    assert response.status_code == 303 and response.location == "/signup/sent"
    assert "Check your email" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0  # no account before the link
    message = inbox.wait_for(1)[0]
    assert message["To"] == "lee@example.org" and "Finish" in message["Subject"]
    link = inbox.link()
    page = client.get(link).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "password": PASSWORD, "confirm": PASSWORD}
    finished = client.post(link, data=data)
    assert finished.status_code == 303 and finished.location == "/teach"
    assert client.get("/teach").status_code == 200
    other = app.test_client()
    again = other.post(link, data=data | {"csrf_token": fresh_token(other)})
    assert again.status_code == 303 and again.location == "/login"  # no second account
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_sign_up_with_a_taken_address_answers_the_same_and_mails_its_owner(
    app: Flask, inbox: Inbox
) -> None:
    with app.app_context():
        make_teacher("lee@example.org", "Ms Lee")
    taken, new = app.test_client(), app.test_client()
    first, second = sign_up(taken, "LEE@example.org"), sign_up(new, "new@example.org")
    assert (first.status_code, first.location) == (second.status_code, second.location)
    assert taken.get(first.location).data == new.get(second.location).data
    subjects = sorted(m["Subject"] for m in inbox.wait_for(2))
    assert subjects == ["Finish your SourceSense sign-up", "You already have a SourceSense account"]
    with app.app_context():
        assert (
            db.session.scalar(select(User.name).where(User.email == "lee@example.org")) == "Ms Lee"
        )


def test_password_reset_link_works_once_and_logs_out_everywhere(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    with app.app_context():
        make_teacher("t@example.org")
    logged_in = app.test_client()
    log_in(logged_in, "t@example.org")
    page = client.get("/password/forgot").get_data(as_text=True)
    asked = client.post(
        "/password/forgot", data={"csrf_token": csrf_token(page), "email": "t@example.org"}
    )
    stranger = app.test_client()
    unknown = stranger.post(
        "/password/forgot",
        data={"csrf_token": fresh_token(stranger, "/password/forgot"), "email": "no@example.org"},
    )
    assert (asked.status_code, asked.location) == (303, "/login")
    assert (unknown.status_code, unknown.location) == (303, "/login")
    link = inbox.link()
    assert len(inbox.wait_for(1)) == 1  # nothing is sent to an address without an account
    form = client.get(link).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(form),
        "password": "brand new secret",
        "confirm": "brand new secret",
    }
    assert client.post(link, data=data).status_code == 303
    assert logged_in.get("/teach").status_code == 403
    assert log_in(app.test_client(), "t@example.org", "brand new secret").status_code == 303
    reused = client.post(link, data=data)
    assert reused.status_code == 410 and "expired or was used" in reused.get_data(as_text=True)


def test_a_forged_or_old_link_is_refused(app: Flask, client: FlaskClient, inbox: Inbox) -> None:
    for path in ("/password/reset/forged", "/signup/finish/forged"):
        response = client.get(path)
        assert response.status_code == 410 and "expired" in response.get_data(as_text=True)


def test_without_mail_the_forgotten_password_page_names_the_administrator(
    client: FlaskClient,
) -> None:
    page = client.get("/password/forgot").get_data(as_text=True)
    assert "flask users set-password" in page and "Send me a link" not in page


def test_learners_with_a_nickname_are_told_a_password_cannot_be_recovered(
    app: Flask, client: FlaskClient
) -> None:
    page = client.get("/me/signup").get_data(as_text=True)
    assert "a forgotten password cannot be recovered" in page
    refused = client.post(
        "/me/signup", data={"csrf_token": csrf_token(page), "login": "teacher@school.example"}
    )
    assert refused.status_code == 400 and "sends no email" in refused.get_data(as_text=True)


def test_a_learner_cannot_take_a_teachers_address_without_its_mail(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    page = client.get("/me/signup").get_data(as_text=True)
    response = client.post(
        "/me/signup", data={"csrf_token": csrf_token(page), "login": "teacher@school.example"}
    )
    assert response.location == "/signup/sent"
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0
    teacher = sign_up(app.test_client(), "teacher@school.example")
    assert teacher.location == "/signup/sent"  # the address is still free for its owner
    assert [m["To"] for m in inbox.wait_for(2)] == ["teacher@school.example"] * 2


def test_the_admin_command_sets_a_password_and_ends_sessions(app: Flask) -> None:
    with app.app_context():
        user = make_learner_account("kim")
        user_id = user.id
    browser = app.test_client()
    log_in(browser, "kim")
    result = app.test_cli_runner().invoke(
        args=["users", "set-password", "--email", "kim"], input="another secret\nanother secret\n"
    )
    assert result.exit_code == 0, result.output
    assert browser.get("/account").status_code == 403
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(LoginSession.id)).where(LoginSession.user_id == user_id)
            )
            == 0
        )
        assert db.session.get(User, user_id).role is Role.LEARNER
