"""Classroom sessions from the teacher's side: the dashboard, removal, results, deletion."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.classroom.models import ClassSession, Participant
from quiz.extensions import db
from tests.classroom_helpers import response_count
from tests.factories import csrf_token, join_class, open_class
from tests.pages import answer_in_class


def test_dashboard_json_counts_and_etag(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    url = f"/teach/sessions/{session_id}/live.json"
    empty = teacher_client.get(url)
    assert empty.json["participants"] == []
    assert (
        teacher_client.get(url, headers={"If-None-Match": empty.headers["ETag"]}).status_code == 304
    )
    a, b = join_class(app, code, "A"), join_class(app, code, "B")
    answer_in_class(a, code, "verified")
    answer_in_class(b, code, "speculation")
    data = teacher_client.get(url, headers={"If-None-Match": empty.headers["ETag"]}).json
    assert [p["nickname"] for p in data["participants"]] == ["A", "B"]
    assert sum(p["answered"] for p in data["participants"]) == 2
    first = data["statements"][0]["counts"]
    assert first == {"verified": 1, "intelligence_claim": 0, "speculation": 1}


def test_remove_participant(app: Flask, teacher: int, teacher_client: FlaskClient) -> None:
    session_id, code = open_class(app, teacher)
    troll = join_class(app, code, "Troll")
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
    back = troll.get(f"/join/{code}")
    assert back.status_code == 403 and "removed you" in back.get_data(as_text=True)
    assert "Your nickname" not in back.get_data(as_text=True)


def test_results_per_statement_student_and_matrix(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    for nickname, label in (("A", "verified"), ("B", "speculation"), ("C", "speculation")):
        student = join_class(app, code, nickname)
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
    unknown = teacher_client.get(f"/teach/sessions/{session_id}/results?true=x&chosen=y")
    assert unknown.status_code == 200  # labels it does not know are ignored
    nul = teacher_client.get(f"/teach/sessions/{session_id}/results?true=x&chosen=%00")
    assert nul.status_code == 400


def test_delete_session_removes_answers(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    answer_in_class(join_class(app, code, "A"), code, "verified")
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


def test_session_closes_by_itself_after_its_time(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    from datetime import timedelta

    session_id, code = open_class(app, teacher, open_minutes=15)
    student = join_class(app, code, "A")
    with app.app_context():
        session = db.session.get(ClassSession, session_id)
        session.closes_at = session.closes_at - timedelta(minutes=16)
        db.session.commit()
    assert "This session is closed" in student.get(f"/play/{code}").get_data(as_text=True)
    assert app.test_client().get(f"/join/{code}").status_code == 410
