"""CSV exports of a session's results, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by
spreadsheet programs; such cells are prefixed with an apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from quiz.labels import Label
from quiz.reports import SessionReport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A value as CSV text that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def answers_csv(code: str, report: SessionReport) -> str:
    """One row per answer."""
    statements = {r.statement.id: r for r in report.statements}
    nicknames = {s.participant.id: s.participant.nickname for s in report.students}
    rows = (
        (
            code,
            nicknames[r.participant_id],
            statements[r.statement_id].position,
            statements[r.statement_id].statement.key,
            statements[r.statement_id].statement.quote,
            statements[r.statement_id].statement.label,
            r.chosen,
            "yes" if r.correct else "no",
            r.created_at.isoformat(timespec="seconds"),
        )
        for r in report.responses
    )
    header = [
        "session",
        "nickname",
        "position",
        "statement_id",
        "statement",
        "right_label",
        "chosen_label",
        "correct",
        "answered_at",
    ]
    return to_csv(header, rows)


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
