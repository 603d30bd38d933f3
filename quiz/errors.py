"""Domain errors: what operations raise when an action cannot be taken, and why.

The web layer (``quiz.web.error_pages``) maps an error's kind to an HTTP status; operations know
nothing of HTTP.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    """Why an action was refused."""

    INVALID = "invalid"  # the input cannot be used
    FORBIDDEN = "forbidden"  # this person may not do it
    NOT_FOUND = "not_found"  # what it names does not exist
    CONFLICT = "conflict"  # it clashes with the current state (a taken name, a last statement)
    GONE = "gone"  # it existed but is closed or over


class DomainError(Exception):
    """An action that cannot be taken; ``message`` says why in words for the user."""

    kind: ErrorKind = ErrorKind.CONFLICT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
