"""Files to download: CSV that is safe to open in a spreadsheet, and attachment responses.

A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by
spreadsheet programs; such cells are prefixed with an apostrophe (OWASP's advice).

Every export (the teacher's and the learner's) writes times in ISO 8601 with their zone
(``2026-12-04T10:15:00+00:00``) and yes/no values as ``true`` or ``false``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from flask import make_response
from werkzeug.wrappers import Response

from quiz.database import aware

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_bool(value: bool) -> str:
    """A yes/no value as every export writes it."""
    return "true" if value else "false"


def csv_maybe_bool(value: bool | None) -> str:
    """A yes/no value that may not apply: empty then."""
    return "" if value is None else csv_bool(value)


def iso_time(moment: datetime) -> str:
    """A stored time (UTC) as every export writes it: ISO 8601 to the second, with its zone."""
    return aware(moment).isoformat(timespec="seconds")


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


def attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    """A response the browser saves as a file."""
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
