"""Helpers that drive the app's pages the way a browser does, for tests where the pages are
the point (the learner's loop, forms, status codes)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import PASSWORD, csrf_token, hidden_statement


def start_run_through_pages(client: FlaskClient, slug: str = "pyongyang-tribute") -> str:
    """Start a run from the article's page; returns the run's id."""
    page = client.get(f"/articles/{slug}").get_data(as_text=True)
    response = client.post(f"/articles/{slug}/practice", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    return response.location.rsplit("/", 1)[1]


def answer_current(
    client: FlaskClient, run_id: str, label: str = "verified", **extra: str
) -> tuple[str, object]:
    """Answer the run's current question through its page; returns (statement ref, response)."""
    page = client.get(f"/runs/{run_id}").get_data(as_text=True)
    key = hidden_statement(page)
    data = {"csrf_token": csrf_token(page), "statement": key, "label": label, **extra}
    return key, client.post(f"/runs/{run_id}/answers", data=data)


def log_in_through_form(
    client: FlaskClient,
    email: str,
    password: str = PASSWORD,
    next_url: str | None = None,
    **extra: str,
) -> object:
    """Log a browser in through the login form (``next_url``: the raw ``next`` query)."""
    page = client.get("/login").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "email": email, "password": password, **extra}
    query = f"?next={next_url}" if next_url is not None else ""
    return client.post("/login" + query, data=data)


def open_session_through_form(
    client: FlaskClient,
    slug: str = "kramatorsk-strike-briefing",
    *,
    mode: str = "self_paced",
    feedback: str = "each",
    shuffle: bool = False,
    statements: list[str] | None = None,
    open_for: str = "",
) -> tuple[int, str]:
    """Open a session through the teacher's form; returns (session id, join code)."""
    url = f"/teach/articles/{slug}/sessions/new"
    page = client.get(url).get_data(as_text=True)
    chosen = statements or re.findall(r'name="statements" type="checkbox" value="([^"]+)"', page)
    data = {
        "csrf_token": csrf_token(page),
        "statements": chosen,
        "mode": mode,
        "feedback": feedback,
        "open_for": open_for,
    }
    if shuffle:
        data["shuffle"] = "y"
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    session_id = int(response.location.rsplit("/", 1)[1])
    page = client.get(response.location).get_data(as_text=True)
    code = re.search(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>', page).group(1)
    return session_id, code


def join_through_form(app: Flask, code: str, nickname: str) -> FlaskClient:
    """A new student browser that joined the session through the nickname form."""
    student = app.test_client()
    page = student.get(f"/join/{code}").get_data(as_text=True)
    response = student.post(
        f"/join/{code}", data={"csrf_token": csrf_token(page), "nickname": nickname}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return student


def answer_in_class(student: FlaskClient, code: str, label: str) -> tuple[str, object]:
    """Answer the statement on the student's screen; returns (statement key, response)."""
    page = student.get(f"/play/{code}").get_data(as_text=True)
    key = hidden_statement(page)
    data = {"csrf_token": csrf_token(page), "statement": key, "label": label}
    return key, student.post(f"/play/{code}/answers", data=data)
