"""Routes for operating the app: health checks."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """A trivial check for load balancers and the benchmark's baseline."""
    return Response("ok\n", mimetype="text/plain")
