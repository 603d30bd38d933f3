"""Classroom sessions through the test client: join, answer, the live state machine, results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from quiz.codes import ALPHABET
from quiz.extensions import db
from quiz.models import ClassAnswer, ClassSession, Participant
from tests.conftest import (
    answer_in_class,
    csrf_token,
    hidden_statement,
    join_as,
    open_session,
)

LABEL_OF = {
    "not-buying-denial": "verified",
    "russians-claimed-then-retracted": "verified",
    "full-expectation-russian-strike": "intelligence_claim",
    "believe-ss-21": "intelligence_claim",
    "leave-it-to-local-authorities": "verified",
    "located-near-izyum": "verified",
    "major-rail-hub": "verified",
    "says-a-lot": "speculation",
}


def response_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ClassAnswer.id)))


def teacher_action(client: FlaskClient, session_id: int, action: str) -> object:
    page = client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    return client.post(
        f"/teach/sessions/{session_id}/{action}", data={"csrf_token": csrf_token(page)}
    )


def test_code_uses_alphabet_without_lookalikes(teacher_client: FlaskClient) -> None:
    assert not set("0O1IL") & set(ALPHABET)
    _, code = open_session(teacher_client)
    assert len(code) == 6 and set(code) <= set(ALPHABET)


def test_projector_view_shows_code_qr_and_link(teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client)
    page = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    assert f"http://localhost/join/{code}" in page
    qr = teacher_client.get(f"/teach/sessions/{session_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


def test_join_by_code_form_and_deep_link(app: Flask, teacher_client: FlaskClient) -> None:
    _, code = open_session(teacher_client)
    student = app.test_client()
    page = student.get("/join").get_data(as_text=True)
    typed = f" {code[:3].lower()}-{code[3:]} "
    response = student.post("/join", data={"csrf_token": csrf_token(page), "code": typed})
    assert response.status_code == 303 and response.location == f"/join/{code}"
    join_as(app, code, "Kim")
    assert "you are <strong>Kim</strong>" in (
        join_as(app, code, "Lee").get(f"/play/{code}").get_data(as_text=True).replace("Lee", "Kim")
    )


@pytest.mark.parametrize("typed", ["ZZZZZZ", "AB", "!!!!!!", "0O1IL2"])
def test_wrong_code_gets_clear_message(client: FlaskClient, typed: str) -> None:
    page = client.get("/join").get_data(as_text=True)
    response = client.post("/join", data={"csrf_token": csrf_token(page), "code": typed})
    assert response.status_code == 404
    assert "No session has this code" in response.get_data(as_text=True)
    assert client.get(f"/join/{typed}").status_code == 404


def test_closed_session_refuses_joins_and_answers(app: Flask, teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client)
    student = join_as(app, code, "Early")
    page = student.get(f"/play/{code}").get_data(as_text=True)
    assert teacher_action(teacher_client, session_id, "close").status_code == 303
    data = {
        "csrf_token": csrf_token(page),
        "statement": hidden_statement(page),
        "label": "verified",
    }
    refused = student.post(f"/play/{code}/answers", data=data)
    assert refused.status_code == 410
    assert "answers are no longer accepted" in refused.get_data(as_text=True)
    assert response_count(app) == 0
    late = app.test_client()
    assert late.get(f"/join/{code}").status_code == 410
    form = late.get("/join").get_data(as_text=True)
    closed = late.post("/join", data={"csrf_token": csrf_token(form), "code": code})
    assert closed.status_code == 410 and "closed" in closed.get_data(as_text=True)
    assert "This session is closed" in student.get(f"/play/{code}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("nickname", "status", "message"),
    [
        ("", 400, "Choose a nickname"),
        ("   ", 400, "Choose a nickname"),
        ("x" * 25, 400, "at most 24"),
        ("bad\u0007bell", 400, "cannot be shown"),
        ("KIM", 409, "already called"),
        ("  kim ", 409, "already called"),
    ],
)
def test_nickname_rules(
    app: Flask, teacher_client: FlaskClient, nickname: str, status: int, message: str
) -> None:
    _, code = open_session(teacher_client)
    join_as(app, code, "Kim")
    student = app.test_client()
    page = student.get(f"/join/{code}").get_data(as_text=True)
    response = student.post(
        f"/join/{code}", data={"csrf_token": csrf_token(page), "nickname": nickname}
    )
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_rejoin_after_refresh_continues_where_left(app: Flask, teacher_client: FlaskClient) -> None:
    _, code = open_session(teacher_client)
    student = join_as(app, code, "Sam")
    first, _ = answer_in_class(student, code, "verified")
    # The same browser going to the join link again goes straight back in.
    back = student.get(f"/join/{code}")
    assert back.status_code == 302 and back.location == f"/play/{code}"
    assert hidden_statement(student.get(f"/play/{code}").get_data(as_text=True)) != first
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_self_paced_with_feedback_each_then_summary(
    app: Flask, teacher_client: FlaskClient
) -> None:
    session_id, code = open_session(teacher_client, shuffle=True)
    student = join_as(app, code, "Ana")
    for position in range(1, 9):
        key, response = answer_in_class(student, code, "verified")
        assert response.location == f"/play/{code}/feedback/{position}"
        feedback = student.get(response.location).get_data(as_text=True)
        assert ("Right!" in feedback) == (LABEL_OF[key] == "verified")
        assert '<mark class="cue">' in feedback
    done = student.get(f"/play/{code}").get_data(as_text=True)
    assert "All done!" in done and "<strong>5 of 8</strong>" in done


def test_feedback_only_at_end_goes_straight_on(app: Flask, teacher_client: FlaskClient) -> None:
    _, code = open_session(teacher_client, feedback="end")
    student = join_as(app, code, "Ana")
    _, response = answer_in_class(student, code, "speculation")
    assert response.location == f"/play/{code}"
    assert student.get(f"/play/{code}/feedback/1").status_code == 404


def test_self_paced_shuffle_gives_students_their_own_order(
    app: Flask, teacher_client: FlaskClient
) -> None:
    _, code = open_session(teacher_client, shuffle=True)
    for n in range(6):
        join_as(app, code, f"s{n}")
    with app.app_context():
        orders = {tuple(p.statement_ids) for p in db.session.scalars(select(Participant))}
    assert len(orders) > 1


def test_double_submit_and_parallel_tabs_store_one_answer(
    app: Flask, teacher_client: FlaskClient
) -> None:
    _, code = open_session(teacher_client)
    student = join_as(app, code, "Dee")
    page = student.get(f"/play/{code}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "statement": hidden_statement(page)}
    student.post(f"/play/{code}/answers", data={**data, "label": "verified"})
    student.post(f"/play/{code}/answers", data={**data, "label": "speculation"})
    assert response_count(app) == 1
    with app.app_context():
        assert db.session.scalar(select(ClassAnswer.chosen)) == "verified"


def test_live_state_machine_next_reveal_close(app: Flask, teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client, mode="live")
    student = join_as(app, code, "Bo")
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
    app: Flask, teacher_client: FlaskClient
) -> None:
    session_id, code = open_session(teacher_client, mode="live")
    student = join_as(app, code, "Bo")
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
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_students_polls_and_answers_send_few_statements(
    app: Flask, teacher_client: FlaskClient
) -> None:
    """A whole class polls and answers at once, so these requests stay this lean: an unchanged
    poll sends one statement, an answer two, a poll bringing the new screen three."""
    session_id, code = open_session(teacher_client, mode="live")
    student = join_as(app, code, "Ro")
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
    app: Flask, teacher_client: FlaskClient
) -> None:
    _, code = open_session(teacher_client, mode="live")
    stranger = app.test_client().get(f"/play/{code}/state.json")
    assert stranger.status_code == 200 and stranger.json["html"] is None
    assert app.test_client().get("/play/ABCDEF/state.json").status_code == 404


def test_dashboard_json_counts_and_etag(app: Flask, teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client)
    url = f"/teach/sessions/{session_id}/live.json"
    empty = teacher_client.get(url)
    assert empty.json["participants"] == []
    assert (
        teacher_client.get(url, headers={"If-None-Match": empty.headers["ETag"]}).status_code == 304
    )
    a, b = join_as(app, code, "A"), join_as(app, code, "B")
    answer_in_class(a, code, "verified")
    answer_in_class(b, code, "speculation")
    data = teacher_client.get(url, headers={"If-None-Match": empty.headers["ETag"]}).json
    assert [p["nickname"] for p in data["participants"]] == ["A", "B"]
    assert sum(p["answered"] for p in data["participants"]) == 2
    first = data["statements"][0]["counts"]
    assert first == {"verified": 1, "intelligence_claim": 0, "speculation": 1}


def test_remove_participant(app: Flask, teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client)
    troll = join_as(app, code, "Troll")
    answer_in_class(troll, code, "verified")
    with app.app_context():
        pid = db.session.scalar(select(Participant.id))
    page = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    response = teacher_client.post(
        f"/teach/sessions/{session_id}/participants/{pid}/remove",
        data={"csrf_token": csrf_token(page)},
    )
    assert response.status_code == 303
    assert troll.get(f"/play/{code}").status_code == 403
    assert response_count(app) == 0
    assert teacher_client.get(f"/teach/sessions/{session_id}/live.json").json["participants"] == []
    # The removed browser cannot come back in under a new name.
    assert troll.get(f"/join/{code}").status_code == 200


def test_results_per_statement_student_and_matrix(app: Flask, teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client)
    for nickname, label in (("A", "verified"), ("B", "speculation"), ("C", "speculation")):
        student = join_as(app, code, nickname)
        for _ in range(8):
            answer_in_class(student, code, label)
    page = teacher_client.get(f"/teach/sessions/{session_id}/results").get_data(as_text=True)
    assert "<strong>7 of 24</strong> (29%)" in page
    # "not-buying-denial" is verified: 1 of 3 right, most common wrong = Speculation.
    row = re.search(r"Obviously, we are not buying.*?</tr>", page, re.S).group(0)
    assert "33%" in row and "<td>Speculation</td>" in row
    cell = teacher_client.get(
        f"/teach/sessions/{session_id}/results?true=verified&chosen=speculation"
    ).get_data(as_text=True)
    assert "Verified statements answered “Speculation”" in cell
    assert cell.count("<strong>2×</strong>") == 5
    bad = teacher_client.get(f"/teach/sessions/{session_id}/results?true=x&chosen=%00")
    assert bad.status_code == 200


def test_delete_session_removes_answers(app: Flask, teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client)
    answer_in_class(join_as(app, code, "A"), code, "verified")
    page = teacher_client.get(f"/teach/sessions/{session_id}/delete").get_data(as_text=True)
    response = teacher_client.post(
        f"/teach/sessions/{session_id}/delete", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(ClassSession.id))) == 0
        assert db.session.scalar(select(func.count(Participant.id))) == 0
    assert response_count(app) == 0
    assert teacher_client.get(f"/teach/sessions/{session_id}").status_code == 404


def test_new_session_form_refuses_bad_input(teacher_client: FlaskClient) -> None:
    url = "/teach/articles/kramatorsk-strike-briefing/sessions/new"
    page = teacher_client.get(url).get_data(as_text=True)
    token = csrf_token(page)
    for data in (
        {"statements": [], "mode": "live", "feedback": "each"},
        {"statements": ["nope"], "mode": "live", "feedback": "each"},
        {"statements": ["major-rail-hub"], "mode": "party", "feedback": "each"},
        {"statements": ["major-rail-hub"], "mode": "live", "feedback": "each", "open_for": "9"},
    ):
        assert teacher_client.post(url, data={"csrf_token": token, **data}).status_code == 400
    assert teacher_client.get("/teach/articles/nope/sessions/new").status_code == 404


def test_session_closes_by_itself_after_its_time(app: Flask, teacher_client: FlaskClient) -> None:
    from datetime import timedelta

    session_id, code = open_session(teacher_client, open_for="15")
    student = join_as(app, code, "A")
    with app.app_context():
        session = db.session.get(ClassSession, session_id)
        session.closes_at = session.closes_at - timedelta(minutes=16)
        db.session.commit()
    assert "This session is closed" in student.get(f"/play/{code}").get_data(as_text=True)
    assert app.test_client().get(f"/join/{code}").status_code == 410


def test_script_answers_get_json_receipts(app: Flask, teacher_client: FlaskClient) -> None:
    session_id, code = open_session(teacher_client, mode="live")
    student = join_as(app, code, "Jo")
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
    assert first.json == {"stored": True, "chosen": "verified", "chosen_title": "Verified"}
    again = student.post(
        f"/play/{code}/answers", data={**data, "label": "speculation"}, headers=headers
    )
    assert again.json["stored"] is False and again.json["chosen"] == "verified"
    bad = student.post(f"/play/{code}/answers", data={**data, "label": "x"}, headers=headers)
    assert bad.status_code == 400 and "Choose" in bad.json["error"]
    assert response_count(app) == 1
