"""Log-in sessions kept on the server: started at log-in, checked on every request, ended at
log-out, by "log out everywhere" and by a password change.

The browser holds ``<user id>:<token>`` (in Flask's session cookie, and in the remember-me
cookie when asked for); the server keeps only the token's SHA-256 digest and an expiry.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from quiz.accounts.models import LoginSession, User
from quiz.database import utcnow
from quiz.extensions import db

SHORT_LIFE = timedelta(hours=12)  # a log-in without "remember me"
LONG_LIFE = timedelta(days=30)  # with "remember me" (the remember cookie's own lifetime)


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, *, remember: bool) -> str:
    """A new log-in session for the user (the caller commits); returns its token, which is
    also set on ``user.login_token``."""
    token = secrets.token_urlsafe(32)
    life = LONG_LIFE if remember else SHORT_LIFE
    db.session.add(
        LoginSession(user_id=user.id, token_digest=digest(token), expires_at=utcnow() + life)
    )
    user.login_token = token
    return token


def end(token: str | None) -> None:
    """End one log-in session (the caller commits)."""
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_digest == digest(token)))


def end_all(user_id: int, *, keeping: str | None = None) -> None:
    """End every log-in session of a user, except the one with the token ``keeping``."""
    ending = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keeping:
        ending = ending.where(LoginSession.token_digest != digest(keeping))
    db.session.execute(ending)


def load_user(cookie_value: str) -> User | None:
    """The user a log-in cookie names ("id:token"), if that log-in session is still going."""
    user_part, _, token = cookie_value.partition(":")
    if not user_part.isdigit() or not token or len(token) > 100:
        return None
    user = db.session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            User.id == int(user_part),
            LoginSession.token_digest == digest(token),
            LoginSession.expires_at > utcnow(),
        )
    )
    if user is not None:
        user.login_token = token
    return user
