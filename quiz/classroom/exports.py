"""CSV exports of a session's results (per answer, per student), safe for spreadsheets."""

from __future__ import annotations

from quiz.classroom.reports import SessionReport, found_source
from quiz.labels import Label
from quiz.web.downloads import csv_bool, csv_maybe_bool, iso_time, to_csv

ANSWER_FIELDS = [
    "session",
    "nickname",
    "position",
    "statement_id",
    "statement",
    "right_label",
    "chosen_label",
    "correct",
    "found_source",
    "answered_at",
]


def answers_csv(code: str, report: SessionReport) -> str:
    """One row per answer; ``found_source`` is empty where no marks were asked for or the
    statement names no source."""
    statements = {r.statement.id: r for r in report.statements}
    nicknames = {s.participant.id: s.participant.nickname for s in report.students}
    rows = (
        (
            code,
            nicknames[r.participant_id],
            statements[r.statement_id].position,
            statements[r.statement_id].statement.key,
            statements[r.statement_id].statement.quote,
            statements[r.statement_id].statement.label.value,
            r.chosen.value,
            csv_bool(r.correct),
            csv_maybe_bool(found_source(r)),
            iso_time(r.created_at),
        )
        for r in report.responses
    )
    return to_csv(ANSWER_FIELDS, rows)


def students_csv(code: str, report: SessionReport) -> str:
    """One row per student: score and accuracy per label."""
    header = ["session", "nickname", "answered", "right", "percent"]
    for label in Label:
        header += [f"{label.value}_right", f"{label.value}_total"]
    rows = (
        [
            code,
            s.participant.nickname,
            s.card.total,
            s.card.right,
            "" if s.card.percent is None else s.card.percent,
        ]
        + [n for p in s.card.per_label for n in (p.right, p.total)]
        for s in report.students
    )
    return to_csv(header, rows)
