"""Bad input gets a clear 4xx with the usual page and headers, never a 500."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import fresh_token, learner_browser, start_run
from tests.pages import log_in_through_form


def test_an_upload_too_large_gets_the_413_page_when_logged_in(
    app: Flask, teacher_client: FlaskClient
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 4096  # a small limit keeps the test's body in memory
    big = io.BytesIO(b"x" * 8192)
    response = teacher_client.post(
        "/teach/articles/new",
        data={"csrf_token": "x", "upload": (big, "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "What you sent is too large" in page and "Log out" in page
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/join", "code"),
        ("/login", "email"),
        ("/signup", "name"),
        ("/me/signup", "login"),
    ],
)
def test_nul_and_control_characters_in_a_form_are_400(
    client: FlaskClient, path: str, field: str
) -> None:
    for bad in ("a\x00b", "a\x07b", "a\x9bb"):
        response = client.post(path, data={"csrf_token": fresh_token(client), field: bad})
        assert response.status_code == 400, (path, bad)
        assert "invisible control characters" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/articles/a%00b", "/join/AB%00CD", "/runs/x%00", "/?q=%00", "/play/ABC%07DE"]
)
def test_nul_in_an_address_is_400(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert "invisible control characters" in response.get_data(as_text=True)


def test_tabs_and_line_breaks_are_text(teacher_client: FlaskClient) -> None:
    response = teacher_client.post(
        "/teach/articles/new",
        data={
            "csrf_token": fresh_token(teacher_client),
            "title": "Tabs\tand lines",
            "outlet": "Me",
            "text": "The NIS said\ttroops moved.\r\n\r\nAnalysts fear it could grow.",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303


def test_a_blank_confidence_is_not_a_confidence(app: Flask) -> None:
    with app.app_context():
        run = start_run()
        browser = learner_browser(app, run)
        statement, run_id = run.statement_ids[0], run.public_id
    data = {
        "csrf_token": fresh_token(browser),
        "statement": str(statement),
        "label": "verified",
        "confidence": " ",
    }
    assert browser.post(f"/runs/{run_id}/answers", data=data).status_code == 303


@pytest.mark.parametrize(
    "target",
    ["/teach%0d%0aSet-Cookie:%20x=1", "/teach%0a", "/%09/evil.example", "/teach?x=1%0d%0a"],
)
def test_line_breaks_in_next_fall_back_home(client: FlaskClient, teacher: int, target: str) -> None:
    response = log_in_through_form(client, "teacher@example.org", next_url=target)
    assert response.status_code == 303
    assert response.location == "/teach"
