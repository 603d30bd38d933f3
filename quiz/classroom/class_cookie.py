"""Which classes this browser joined: a signed cookie of its own, code -> student token."""

from __future__ import annotations

from datetime import timedelta

from quiz.web.cookies import SignedCookie

REMEMBERED_CLASSES = 10
CLASSES_COOKIE = SignedCookie("sourcesense_classes", max_age=timedelta(days=30))


def token_for(code: str) -> str | None:
    """The student token this browser holds for the session with this code, if any."""
    classes = CLASSES_COOKIE.read()
    token = classes.get(code) if isinstance(classes, dict) else None
    return token if isinstance(token, str) else None


def remember(code: str, token: str) -> None:
    """Keep the student's token for a session (for rejoining after a refresh); the last few."""
    classes = CLASSES_COOKIE.read()
    kept = {k: v for k, v in (classes if isinstance(classes, dict) else {}).items() if k != code}
    kept[code] = token
    CLASSES_COOKIE.write(dict(list(kept.items())[-REMEMBERED_CLASSES:]))
