"""Error pages: every failure gets a clear message and the right status code."""

from __future__ import annotations

from contextlib import suppress

from flask import Flask, render_template
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.wrappers import Response

from quiz.errors import DomainError, ErrorKind
from quiz.extensions import db

MESSAGES = {
    400: "The request could not be understood.",
    403: "You may not open this page.",
    404: "There is nothing at this address.",
    405: "That action is not possible at this address.",
    409: "That cannot be done now.",
    410: "This is closed.",
    413: "What you sent is too large.",
    429: "Too many requests. Please wait a few minutes and try again.",
    500: "Something went wrong on our side. Please try again.",
}

UNAVAILABLE = "The database is restarting. Your work is safe: try again in a few seconds."
RETRY_AFTER_SECONDS = 5

STATUS_OF_KIND = {
    ErrorKind.INVALID: 400,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.GONE: 410,
}


def status_of(error: DomainError) -> int:
    """The HTTP status that answers a refused action."""
    return STATUS_OF_KIND[error.kind]


def render_error(status: int, message: str | None = None) -> tuple[str, int]:
    """The error page for a status code, with an optional specific message."""
    return (
        render_template(
            "web/error.html",
            status=status,
            message=message or MESSAGES.get(status, "Something went wrong."),
        ),
        status,
    )


def register(app: Flask) -> None:
    """Install the handlers on the app."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400,
            "This form was sent without a valid security token. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> Response:
        # No page can be drawn: every link on it would be built from the host it refuses.
        return Response("This address is not served here.\n", 400, mimetype="text/plain")

    @app.errorhandler(DomainError)
    def refused(error: DomainError) -> tuple[str, int]:
        return render_error(status_of(error), error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        status = error.code or 500
        specific = error.description if status in (400, 403, 404, 410, 429) else None
        if isinstance(error, RateLimitExceeded):
            specific = None  # its description is the limit's own wording ("30 per 10 minute")
        if specific and specific == type(error).description:
            specific = None  # werkzeug's generic wording: ours reads better
        return render_error(status, specific)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(error: Exception) -> Response:
        """The database cannot be reached (a restart, a failover): try again in a moment."""
        with suppress(Exception):  # the connection may be gone: nothing to roll back
            db.session.rollback()
        app.logger.warning("Database unavailable: %s", error)
        # A page of its own: the usual layout asks the database who is logged in.
        body = render_template("web/unavailable.html", message=UNAVAILABLE)
        return Response(body, 503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
