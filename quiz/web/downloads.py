"""Files to download: CSV that is safe to open in a spreadsheet, and attachment responses.

A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by
spreadsheet programs; such cells are prefixed with an apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from flask import make_response
from werkzeug.wrappers import Response

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


def attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    """A response the browser saves as a file."""
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
