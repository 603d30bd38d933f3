"""Every request: an id (nginx's ``X-Request-Id``, or a new one), its time, a JSON log line
and its metrics. Kept small: it runs on the students' hot path (see README, "Operations")."""

from __future__ import annotations

import re
import secrets
import time

from flask import g, request
from werkzeug.wrappers import Response

from quiz.ops.logs import REQUEST_LOG
from quiz.ops.metrics import observe_request

REQUEST_ID_HEADER = "X-Request-Id"
# nginx's $request_id is 32 hex digits; accept ids of that sort from a proxy, nothing else.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def start_request() -> None:
    """``before_request`` hook (the first): note the time and the request's id."""
    g.request_started = time.perf_counter()
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else secrets.token_hex(16)


def finish_request(response: Response) -> Response:
    """``after_request`` hook (the last): the id in a header, one log line, the metrics."""
    request_id = g.get("request_id") or secrets.token_hex(16)
    response.headers[REQUEST_ID_HEADER] = request_id
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    endpoint = request.endpoint or "unmatched"
    observe_request(endpoint, response.status_code, seconds)
    if REQUEST_LOG.handlers:
        REQUEST_LOG.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 2),
                "endpoint": endpoint,
            },
        )
    return response
