"""JSON logs: one line per request on standard output, and the app's errors in the same form.

Each line carries the request id that nginx sent (``X-Request-Id``) or that the app made, so a
message on an error page ("quote this id") leads to the request's line and its traceback.
"""

from __future__ import annotations

import logging
import os
import sys

from flask import Flask, g, has_app_context
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

REQUEST_LOG = logging.getLogger("quiz.requests")
REQUEST_LOG.setLevel(logging.INFO)
REQUEST_LOG.propagate = False  # only the JSON handler writes these lines


class RequestIdFilter(logging.Filter):
    """Add the current request's id and the worker's pid to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_app_context() else None
        record.pid = os.getpid()
        return True


def json_handler() -> logging.Handler:
    """A handler writing one JSON object per record to standard output."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "{levelname}{message}",
            style="{",
            rename_fields={"levelname": "level"},
            timestamp="time",  # ISO 8601 in UTC
        )
    )
    handler.addFilter(RequestIdFilter())
    return handler


def install_json_logs(app: Flask) -> None:
    """Send request lines and the app's own log records through one JSON handler (once)."""
    if any(getattr(h, "sourcesense_json", False) for h in REQUEST_LOG.handlers):
        handler = REQUEST_LOG.handlers[0]
    else:
        handler = json_handler()
        handler.sourcesense_json = True
        REQUEST_LOG.addHandler(handler)
    app.logger.removeHandler(default_handler)
    if handler not in app.logger.handlers:
        app.logger.addHandler(handler)
