"""The evidence step in classroom sessions: self-paced and live, and its limits."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quiz.classroom.models import ClassAnswer
from quiz.extensions import db
from quiz.library.models import Statement
from tests.classroom_helpers import teacher_action
from tests.factories import csrf_token, join_class, open_class
from tests.pages import answer_in_class


def _source_marks(app: Flask, key: str) -> str:
    """JSON marks covering the statement's first source cue (or its first cue)."""
    with app.app_context():
        statement = db.session.scalar(select(Statement).where(Statement.key == key))
        cue = next((c for c in statement.cues if c["kind"].startswith("source")), statement.cues[0])
        return json.dumps([[cue["start"], cue["end"]]])


def _mark(student: FlaskClient, code: str, marks: str) -> object:
    page = student.get(f"/play/{code}").get_data(as_text=True)
    assert "Which words tell you?" in page
    action = re.search(r'action="(/play/[^"]+/evidence/\d+)"', page).group(1)
    return student.post(action, data={"csrf_token": csrf_token(page), "marks": marks})


def _kept(app: Flask, key: str) -> dict | None:
    with app.app_context():
        return db.session.scalar(
            select(ClassAnswer.evidence)
            .join(Statement, ClassAnswer.statement_id == Statement.id)
            .where(Statement.key == key)
        )


def test_self_paced_asks_for_the_words_then_shows_the_feedback(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher, evidence_step=True)
    student = join_class(app, code, "Ana")
    key, answered = answer_in_class(student, code, "verified")
    assert answered.location == f"/play/{code}?step=evidence"
    marked = _mark(student, code, _source_marks(app, key))
    assert marked.status_code == 303 and marked.location == f"/play/{code}/feedback/1"
    feedback = student.get(marked.location).get_data(as_text=True)
    assert "You found who says so." in feedback
    assert _kept(app, key)["found_source"] is True
    # The next statement is asked only once the marks are in.
    assert "Which words tell you?" not in student.get(f"/play/{code}").get_data(as_text=True)


def test_without_the_step_students_go_straight_on(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher)
    student = join_class(app, code, "Ana")
    key, answered = answer_in_class(student, code, "verified")
    assert answered.location == f"/play/{code}/feedback/1"
    assert _kept(app, key) is None


def test_live_marks_are_taken_until_the_reveal(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, mode="live", evidence_step=True)
    early, late = join_class(app, code, "Bo"), join_class(app, code, "Cy")
    teacher_action(teacher_client, session_id, "next")
    key, answered = answer_in_class(early, code, "speculation")
    assert answered.location == f"/play/{code}?step=evidence"
    assert _mark(early, code, _source_marks(app, key)).location == f"/play/{code}"
    assert "Answer received" in early.get(f"/play/{code}").get_data(as_text=True)

    answer_in_class(late, code, "verified")
    page = late.get(f"/play/{code}").get_data(as_text=True)
    assert "Which words tell you?" in page
    teacher_action(teacher_client, session_id, "reveal")
    action = re.search(r'action="(/play/[^"]+/evidence/\d+)"', page).group(1)
    refused = late.post(action, data={"csrf_token": csrf_token(page), "marks": "[[0, 5]]"})
    assert refused.status_code == 400
    assert "not open for answers right now" in refused.get_data(as_text=True)
    assert "The answer:" in late.get(f"/play/{code}").get_data(as_text=True)
    with app.app_context():
        kept = db.session.scalars(select(ClassAnswer.evidence)).all()
    assert sorted(k is None for k in kept) == [False, True]


def test_marks_need_a_student_of_the_session(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    _, code = open_class(app, teacher, evidence_step=True)
    stranger = app.test_client()
    token = csrf_token(stranger.get("/join").get_data(as_text=True))
    response = stranger.post(f"/play/{code}/evidence/1", data={"csrf_token": token, "marks": "[]"})
    assert response.status_code == 403
    student = join_class(app, code, "Ana")
    assert student.post(f"/play/{code}/evidence/1", data={"marks": "[]"}).status_code == 400


def test_results_show_who_found_the_source_per_statement(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, evidence_step=True)
    plain_id, _ = open_class(app, teacher)
    found, missed = join_class(app, code, "Ana"), join_class(app, code, "Bo")
    key, _ = answer_in_class(found, code, "verified")
    _mark(found, code, _source_marks(app, key))
    answer_in_class(missed, code, "verified")
    _mark(missed, code, "[]")
    page = teacher_client.get(f"/teach/sessions/{session_id}/results").get_data(as_text=True)
    assert '<th scope="col">Found the source</th>' in page
    assert "<td>1 of 2 (50%)</td>" in page
    csv = teacher_client.get(f"/teach/sessions/{session_id}/answers.csv").get_data(as_text=True)
    header, *rows = csv.strip().splitlines()
    assert header.split(",")[8] == "found_source"
    assert sorted(row.split(",")[-2] for row in rows) == ["false", "true"]
    plain = teacher_client.get(f"/teach/sessions/{plain_id}/results").get_data(as_text=True)
    assert "Found the source" not in plain
