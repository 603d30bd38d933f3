"""Helpers shared by the classroom tests."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.classroom.models import ClassAnswer
from quiz.extensions import db
from tests.factories import csrf_token


def response_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ClassAnswer.id)))


def teacher_action(client: FlaskClient, session_id: int, action: str) -> object:
    page = client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    return client.post(
        f"/teach/sessions/{session_id}/{action}", data={"csrf_token": csrf_token(page)}
    )
