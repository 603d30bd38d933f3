"""CSV exports: their content, and cells that spreadsheets would run as formulas."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.web.downloads import safe_cell
from tests.factories import join_class, open_class
from tests.pages import answer_in_class


def read_csv(client: FlaskClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\t=x", "'\t=x"),
        ("Kim", "Kim"),
        (7, "7"),
        (None, ""),
    ],
)
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_answers_and_students_exports(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher, keys=["major-rail-hub", "says-a-lot"])
    evil = join_class(app, code, '=HYPERLINK("x","y")')
    plain = join_class(app, code, "Ana")
    for _ in range(2):
        answer_in_class(evil, code, "verified")
    answer_in_class(plain, code, "speculation")

    answers = read_csv(teacher_client, f"/teach/sessions/{session_id}/answers.csv")
    assert len(answers) == 3
    assert {row["nickname"] for row in answers} == {'\'=HYPERLINK("x","y")', "Ana"}
    assert all(row["session"] == code for row in answers)
    ana = next(row for row in answers if row["nickname"] == "Ana")
    assert ana["statement_id"] == "major-rail-hub" and ana["chosen_label"] == "speculation"
    assert ana["right_label"] == "verified" and ana["correct"] == "false"
    # One convention in every export: true/false, and times in ISO 8601 with their zone.
    assert {row["correct"] for row in answers} == {"true", "false"}
    assert all(datetime.fromisoformat(row["answered_at"]).tzinfo for row in answers)
    assert ana["answered_at"].endswith("+00:00")

    students = read_csv(teacher_client, f"/teach/sessions/{session_id}/students.csv")
    by_name = {row["nickname"]: row for row in students}
    assert by_name["Ana"]["answered"] == "1" and by_name["Ana"]["right"] == "0"
    evil_row = by_name['\'=HYPERLINK("x","y")']
    assert (evil_row["answered"], evil_row["right"], evil_row["percent"]) == ("2", "1", "50")
    assert evil_row["verified_right"] == "1" and evil_row["speculation_right"] == "0"
