"""Classroom sessions from the students' side: join, answer, feedback, rejoin."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.classroom.models import ClassAnswer, ClassSession, Participant
from quiz.codes import ALPHABET
from quiz.extensions import db
from tests.classroom_helpers import response_count, teacher_action
from tests.factories import csrf_token, fresh_token, hidden_statement, join_class, open_class
from tests.pages import answer_in_class, join_through_form, open_session_through_form

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


def test_code_uses_alphabet_without_lookalikes(teacher_client: FlaskClient) -> None:
    assert not set("0O1IL") & set(ALPHABET)
    _, code = open_session_through_form(teacher_client)
    assert len(code) == 6 and set(code) <= set(ALPHABET)


def test_projector_view_shows_code_qr_and_link(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    page = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    assert f"http://localhost/join/{code}" in page
    qr = teacher_client.get(f"/teach/sessions/{session_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


def test_join_by_code_form_and_deep_link(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher)
    student = app.test_client()
    page = student.get("/join").get_data(as_text=True)
    typed = f" {code[:3].lower()}-{code[3:]} "
    response = student.post("/join", data={"csrf_token": csrf_token(page), "code": typed})
    assert response.status_code == 303 and response.location == f"/join/{code}"
    join_through_form(app, code, "Kim")
    assert "you are <strong>Kim</strong>" in (
        join_through_form(app, code, "Lee")
        .get(f"/play/{code}")
        .get_data(as_text=True)
        .replace("Lee", "Kim")
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ZZZZZZ", "No session has this code"),
        ("AB1", "A join code has 6 letters and digits"),
        ("!!!!!!", "A join code has 6 letters and digits"),
        ("0O1IL2", "A join code has 6 letters and digits"),
    ],
)
def test_wrong_code_gets_clear_message(client: FlaskClient, typed: str, message: str) -> None:
    page = client.get("/join").get_data(as_text=True)
    response = client.post("/join", data={"csrf_token": csrf_token(page), "code": typed})
    assert response.status_code == 404
    assert message in response.get_data(as_text=True)
    deep_link = client.get(f"/join/{typed}")
    assert deep_link.status_code == 404 and message in deep_link.get_data(as_text=True)


def test_closed_session_refuses_joins_and_answers(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    student = join_class(app, code, "Early")
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
        ("bad\u0007bell", 400, "invisible control characters"),
        ("zero\u200bwidth", 400, "cannot be shown"),
        ("KIM", 409, "already called"),
        ("  kim ", 409, "already called"),
    ],
)
def test_nickname_rules(
    app: Flask, teacher: int, teacher_client: FlaskClient, nickname: str, status: int, message: str
) -> None:
    _, code = open_class(app, teacher)
    join_class(app, code, "Kim")
    student = app.test_client()
    page = student.get(f"/join/{code}").get_data(as_text=True)
    response = student.post(
        f"/join/{code}", data={"csrf_token": csrf_token(page), "nickname": nickname}
    )
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_rejoin_after_refresh_continues_where_left(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher)
    student = join_class(app, code, "Sam")
    first, _ = answer_in_class(student, code, "verified")
    # The same browser going to the join link again goes straight back in.
    back = student.get(f"/join/{code}")
    assert back.status_code == 302 and back.location == f"/play/{code}"
    assert hidden_statement(student.get(f"/play/{code}").get_data(as_text=True)) != first
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_self_paced_with_feedback_each_then_summary(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, shuffle=True)
    student = join_class(app, code, "Ana")
    for position in range(1, 9):
        key, response = answer_in_class(student, code, "verified")
        assert response.location == f"/play/{code}/feedback/{position}"
        feedback = student.get(response.location).get_data(as_text=True)
        assert ("Right!" in feedback) == (LABEL_OF[key] == "verified")
        assert '<mark class="cue">' in feedback
    done = student.get(f"/play/{code}").get_data(as_text=True)
    assert "All done!" in done and "<strong>5 of 8</strong>" in done


def test_feedback_only_at_end_goes_straight_on(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher, feedback="end")
    student = join_class(app, code, "Ana")
    _, response = answer_in_class(student, code, "speculation")
    assert response.location == f"/play/{code}"
    assert student.get(f"/play/{code}/feedback/1").status_code == 404


def test_self_paced_shuffle_gives_students_their_own_order(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher, shuffle=True)
    for n in range(6):
        join_class(app, code, f"s{n}")
    with app.app_context():
        orders = {tuple(p.statement_ids) for p in db.session.scalars(select(Participant))}
    assert len(orders) > 1


def test_double_submit_and_parallel_tabs_store_one_answer(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher)
    student = join_class(app, code, "Dee")
    page = student.get(f"/play/{code}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "statement": hidden_statement(page)}
    student.post(f"/play/{code}/answers", data={**data, "label": "verified"})
    student.post(f"/play/{code}/answers", data={**data, "label": "speculation"})
    assert response_count(app) == 1
    with app.app_context():
        assert db.session.scalar(select(ClassAnswer.chosen)) == "verified"


def test_nicknames_that_look_alike_clash(app: Flask, teacher: int) -> None:
    _, code = open_class(app, teacher)
    join_class(app, code, "Alice")
    for lookalike in ("Аlice", "ALICE", "аlice"):  # Cyrillic а and А
        student = app.test_client()
        page = student.get(f"/join/{code}").get_data(as_text=True)
        response = student.post(
            f"/join/{code}", data={"csrf_token": csrf_token(page), "nickname": lookalike}
        )
        assert response.status_code == 409, lookalike
        assert "looks the same" in response.get_data(as_text=True)


def test_a_locked_session_takes_no_new_students(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    inside = join_class(app, code, "Early")
    token = fresh_token(teacher_client, f"/teach/sessions/{session_id}")
    with app.app_context():
        before = db.session.get(ClassSession, session_id).version
    teacher_client.post(f"/teach/sessions/{session_id}/lock", data={"csrf_token": token})
    with app.app_context():  # a new version: the projector's lobby updates to show the lock
        assert db.session.get(ClassSession, session_id).version > before
    assert "Locked" in teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    late = app.test_client().get(f"/join/{code}")
    assert late.status_code == 403 and "closed this session to new students" in late.get_data(
        as_text=True
    )
    _, answered = answer_in_class(inside, code, "verified")
    assert answered.status_code == 303  # those who joined go on
    teacher_client.post(f"/teach/sessions/{session_id}/unlock", data={"csrf_token": token})
    assert app.test_client().get(f"/join/{code}").status_code == 200
