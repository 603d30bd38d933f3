"""Live classroom sessions: the state machine, students' polls and their cost, receipts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from quiz.classroom.models import ClassSession
from quiz.extensions import db
from tests.classroom_helpers import response_count, teacher_action
from tests.factories import csrf_token, hidden_statement, join_class, open_class
from tests.pages import answer_in_class

HARNESS = re.compile(r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) ")


def test_live_state_machine_next_reveal_close(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, mode="live")
    student = join_class(app, code, "Bo")
    assert "Waiting for your teacher" in student.get(f"/play/{code}").get_data(as_text=True)
    assert teacher_action(teacher_client, session_id, "reveal").status_code == 303
    assert "Start the session before" in teacher_client.get(
        f"/teach/sessions/{session_id}"
    ).get_data(as_text=True)

    teacher_action(teacher_client, session_id, "next")
    token = csrf_token(student.get(f"/play/{code}").get_data(as_text=True))
    key, response = answer_in_class(student, code, "speculation")
    assert key == "not-buying-denial"  # live, not shuffled: reading order
    assert response.location == f"/play/{code}"
    waiting = student.get(f"/play/{code}").get_data(as_text=True)
    assert "Answer received" in waiting and "Speculation" in waiting
    projector = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    assert "<span data-current-answered>1</span> of <span data-participant-count>1</span>" in (
        projector
    )

    teacher_action(teacher_client, session_id, "reveal")
    revealed = student.get(f"/play/{code}").get_data(as_text=True)
    assert "The answer: Verified" in revealed and "not quite" in revealed
    assert '<mark class="cue">' in revealed
    # No answers after the reveal, nor to a statement that is not on screen.
    for key_now in (key, "major-rail-hub"):
        late = {"csrf_token": token, "statement": key_now, "label": "verified"}
        refused = student.post(f"/play/{code}/answers", data=late)
        assert refused.status_code == 400
        assert "not open for answers right now" in refused.get_data(as_text=True)

    teacher_action(teacher_client, session_id, "next")
    question = student.get(f"/play/{code}").get_data(as_text=True)
    assert "Statement 2 of 8" in question
    teacher_action(teacher_client, session_id, "close")
    assert "This session is closed" in student.get(f"/play/{code}").get_data(as_text=True)
    assert teacher_action(teacher_client, session_id, "next").status_code == 303
    with app.app_context():
        assert db.session.get(ClassSession, session_id).current_index == 1


def test_state_json_uses_etag_and_brings_the_new_screen(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, mode="live")
    student = join_class(app, code, "Bo")
    page = student.get(f"/play/{code}").get_data(as_text=True)
    etag = '"' + re.search(r'data-etag="([^"]+)"', page).group(1) + '"'
    unchanged = student.get(f"/play/{code}/state.json", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    teacher_action(teacher_client, session_id, "next")
    changed = student.get(f"/play/{code}/state.json", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.headers["Cache-Control"] == "private, no-cache"
    screen = changed.json["html"]
    assert "Statement 1 of 8" in screen and "<html" not in screen
    form_key = re.search(r'name="statement" type="hidden" value="([^"]+)"', screen).group(1)
    answered = student.post(
        f"/play/{code}/answers",
        data={"csrf_token": csrf_token(screen), "statement": form_key, "label": "verified"},
        headers={"Accept": "application/json"},
    )
    assert answered.status_code == 200 and answered.json["stored"] is True
    again = student.get(
        f"/play/{code}/state.json", headers={"If-None-Match": changed.headers["ETag"]}
    )
    assert again.status_code == 304
    teacher_action(teacher_client, session_id, "reveal")
    revealed = student.get(
        f"/play/{code}/state.json", headers={"If-None-Match": changed.headers["ETag"]}
    )
    assert "The answer:" in revealed.json["html"] and "You chose" in revealed.json["html"]
    assert '<mark class="cue">' in revealed.json["html"]
    teacher_action(teacher_client, session_id, "close")
    closed = student.get(
        f"/play/{code}/state.json", headers={"If-None-Match": revealed.headers["ETag"]}
    )
    assert "This session is closed" in closed.json["html"] and "You got" in closed.json["html"]


@contextmanager
def statements_sent(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app sends to the database meanwhile."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not HARNESS.match(statement):  # the test's own transaction, not the app's
            sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_students_polls_and_answers_send_few_statements(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    """A whole class polls and answers at once, so these requests stay this lean: an unchanged
    poll sends one statement, an answer two, a poll bringing the new screen three."""
    session_id, code = open_class(app, teacher, mode="live")
    student = join_class(app, code, "Ro")
    page = student.get(f"/play/{code}").get_data(as_text=True)
    etag = '"' + re.search(r'data-etag="([^"]+)"', page).group(1) + '"'
    teacher_action(teacher_client, session_id, "next")
    state_url = f"/play/{code}/state.json"
    with statements_sent(app) as sent:
        changed = student.get(state_url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and len(sent) == 3, sent
    with statements_sent(app) as sent:
        unchanged = student.get(state_url, headers={"If-None-Match": changed.headers["ETag"]})
    assert unchanged.status_code == 304 and len(sent) == 1, sent
    screen = changed.json["html"]
    data = {"csrf_token": csrf_token(screen), "statement": hidden_statement(screen)}
    with statements_sent(app) as sent:
        answered = student.post(
            f"/play/{code}/answers",
            data={**data, "label": "verified"},
            headers={"Accept": "application/json"},
        )
    assert answered.json["stored"] is True and len(sent) == 2, sent
    assert response_count(app) == 1


def test_state_json_for_a_browser_that_did_not_join(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher, mode="live")
    stranger = app.test_client().get(f"/play/{code}/state.json")
    assert stranger.status_code == 200 and stranger.json["html"] is None
    assert app.test_client().get("/play/ABCDEF/state.json").status_code == 404


def test_script_answers_get_json_receipts(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, mode="live")
    student = join_class(app, code, "Jo")
    teacher_action(teacher_client, session_id, "next")
    page = student.get(f"/play/{code}").get_data(as_text=True)
    assert "data-async-answer" in page
    data = {
        "csrf_token": csrf_token(page),
        "statement": hidden_statement(page),
        "label": "verified",
    }
    headers = {"Accept": "application/json"}
    first = student.post(f"/play/{code}/answers", data=data, headers=headers)
    assert first.status_code == 200
    assert first.json == {
        "stored": True,
        "chosen": "verified",
        "chosen_title": "Verified",
        "next": None,
    }
    again = student.post(
        f"/play/{code}/answers", data={**data, "label": "speculation"}, headers=headers
    )
    assert again.json["stored"] is False and again.json["chosen"] == "verified"
    bad = student.post(f"/play/{code}/answers", data={**data, "label": "x"}, headers=headers)
    assert bad.status_code == 400 and "Choose" in bad.json["error"]
    assert response_count(app) == 1
