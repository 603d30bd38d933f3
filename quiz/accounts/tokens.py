"""Signed, expiring links for email: finishing a sign-up, resetting a password.

A reset link carries a fingerprint of the current password hash, so it works once: after the
password changes, the same link no longer matches.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from quiz.accounts.models import Role, User

SIGNUP_MAX_AGE = 3 * 24 * 3600  # three days
RESET_MAX_AGE = 3600  # one hour


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"accounts:{purpose}")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.password_hash}|{user.email}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PendingSignup:
    """A sign-up waiting for its address's owner to choose a password."""

    email: str
    name: str
    role: Role


def signup_token(pending: PendingSignup) -> str:
    """The token of a link that lets the address's owner finish the sign-up."""
    return _serializer("signup").dumps(
        {"email": pending.email, "name": pending.name, "role": pending.role.value}
    )


def pending_signup(token: str) -> PendingSignup | None:
    """The sign-up a token names, if valid and not expired."""
    try:
        data = _serializer("signup").loads(token, max_age=SIGNUP_MAX_AGE)
        return PendingSignup(data["email"], data["name"], Role(data["role"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def reset_token(user: User) -> str:
    """The token of a single-use link that sets a new password."""
    return _serializer("reset").dumps({"id": user.id, "fp": _fingerprint(user)})


def reset_user_id(token: str) -> tuple[int, str] | None:
    """(user id, fingerprint) a reset token names, if valid and not expired."""
    try:
        data = _serializer("reset").loads(token, max_age=RESET_MAX_AGE)
        return int(data["id"]), str(data["fp"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def matches(user: User, fingerprint: str) -> bool:
    """Whether a reset link was made for the user's current password (it was not used yet)."""
    return _fingerprint(user) == fingerprint
