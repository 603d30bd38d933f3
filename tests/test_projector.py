"""The class's screen of a session and the teacher's view: what each shows, and the live
controls answering the projector's script with the new screen."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from tests.factories import csrf_token, join_class, open_class, statements_of
from tests.pages import answer_in_class

JSON = {"Accept": "application/json"}
DISCUSSED = "apt31-cyber-attribution"


def post(client: FlaskClient, session_id: int, action: str, **options: object) -> object:
    """A teacher's one-button post, as the page's script (``headers=JSON``) or a form sends it."""
    token = csrf_token(client.get(f"/teach/sessions/{session_id}/manage").get_data(as_text=True))
    data = {"csrf_token": token, **options.pop("data", {})}
    return client.post(f"/teach/sessions/{session_id}/{action}", data=data, **options)


def quotes(app: Flask, slug: str) -> list[str]:
    with app.app_context():
        return [str(escape(s.quote)) for s in statements_of(slug)]


def test_script_actions_answer_with_the_new_screen(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, mode="live", keys=["major-rail-hub", "says-a-lot"])
    started = post(teacher_client, session_id, "next", headers=JSON)
    assert started.status_code == 200 and started.mimetype == "application/json"
    assert (
        'id="stage-heading"' in started.json["html"] and "Statement 1 of 2" in started.json["html"]
    )
    assert started.json["message"] is None and "<html" not in started.json["html"]
    answer_in_class(join_class(app, code, "Bo"), code, "speculation")
    revealed = post(teacher_client, session_id, "reveal", headers=JSON).json
    assert revealed["version"] > started.json["version"]
    html = revealed["html"]
    assert "The answer: Verified" in html and '<mark class="cue">' in html
    assert 'data-count="speculation">1<' in html and 'data-share="speculation">100<' in html
    assert "split-row split-verified is-answer" in html
    screen = teacher_client.get(f"/teach/sessions/{session_id}/screen.json").json
    assert screen["version"] == revealed["version"] and screen["message"] is None
    # The same screen; its forms' CSRF tokens carry the second they were signed in.
    assert without_csrf_tokens(screen["html"]) == without_csrf_tokens(html)

    post(teacher_client, session_id, "next", headers=JSON)
    refused = post(teacher_client, session_id, "next", headers=JSON)
    assert refused.status_code == 409 and refused.json["message"] == "That was the last statement."
    assert "Statement 2 of 2" in refused.json["html"]
    closed = post(teacher_client, session_id, "close", headers=JSON).json
    assert "This session is closed" in closed["html"] and closed["message"] is None


def test_plain_posts_come_back_to_the_page_they_came_from(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, _ = open_class(app, teacher, mode="live")
    page = f"/teach/sessions/{session_id}"
    assert post(teacher_client, session_id, "next").location == page
    assert post(teacher_client, session_id, "reveal", data={"view": "manage"}).location == (
        page + "/manage"
    )
    assert post(teacher_client, session_id, "lock", data={"view": "elsewhere"}).location == page
    projector = teacher_client.get(page).get_data(as_text=True)
    assert "The answer: Verified" in projector
    assert 'id="split" aria-labelledby="split-heading" data-split>' in projector  # open


def test_the_projector_never_shows_the_statements_to_come(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, mode="live")
    join_class(app, code, "Ana")
    all_quotes = quotes(app, "kramatorsk-strike-briefing")
    lobby = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    assert f'<p class="join-code" aria-label="Join code: {" ".join(code)}">{code}</p>' in lobby
    assert "<li>Ana</li>" in lobby and not any(q in lobby for q in all_quotes)
    post(teacher_client, session_id, "next")
    question = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    assert [q for q in all_quotes if q in question] == [all_quotes[0]]
    assert "data-split hidden>" in question and "The answer:" not in question
    split = teacher_client.get(f"/teach/sessions/{session_id}?split=1").get_data(as_text=True)
    assert "data-split>" in split and 'aria-expanded="true"' in split
    manage = teacher_client.get(f"/teach/sessions/{session_id}/manage").get_data(as_text=True)
    assert all(q[:60] in manage for q in all_quotes)
    assert "keep it off the projector" in manage and "Remove<span" in manage


def test_a_discussion_statement_shows_its_prompt_and_arguments(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, _ = open_class(
        app, teacher, DISCUSSED, mode="live", keys=["uk-identified-responsible"]
    )
    question = post(teacher_client, session_id, "next", headers=JSON).json["html"]
    assert "Statement 1 of 1: for discussion" in question
    assert "Is this sentence a public act by the government" in question  # the prompt
    assert "Show the arguments" in question
    shown = post(teacher_client, session_id, "reveal", headers=JSON).json["html"]
    assert "For discussion" in shown and "The answer:" not in shown and "is-answer" not in shown
    assert "The case for Intelligence claim" in shown and "The case for Verified" in shown


def test_self_paced_sessions_have_a_join_screen_and_the_teacher_view(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    answer_in_class(join_class(app, code, "Ana"), code, "verified")
    screen = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    assert "Join screen" in screen and "<li>Ana</li>" in screen and "Start with" not in screen
    assert "Teacher view: each student" in screen
    manage = teacher_client.get(f"/teach/sessions/{session_id}/manage").get_data(as_text=True)
    assert 'role="region" tabindex="0" aria-labelledby="answers-heading"' in manage
    assert "Reveal the answer" not in manage and 'name="view" value="manage"' in manage


def without_csrf_tokens(html: str) -> str:
    return re.sub(r'(name="csrf_token" type="hidden" value=)"[^"]+"', r"\1", html)
