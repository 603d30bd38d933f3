"""Routes for operating the app: health, readiness and metrics."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, jsonify, request
from werkzeug.wrappers import Response

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """A trivial check for load balancers and the benchmark's baseline."""
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """200 when the database answers and its schema is the migrations' head, else 503."""
    from quiz.ops.readiness import readiness

    ready, checks = readiness()
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ready else 503


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus metrics, for the bearer of METRICS_TOKEN only (404 when none is set)."""
    from quiz.ops.metrics import exposition

    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not hmac.compare_digest(given.encode(), token.encode()):
        return Response("unauthorized\n", 401, {"WWW-Authenticate": "Bearer"}, "text/plain")
    body, content_type = exposition()
    return Response(body, content_type=content_type)
