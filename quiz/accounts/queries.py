"""Reads of accounts."""

from __future__ import annotations

import secrets

from quiz.accounts.models import User
from quiz.extensions import db


def load_user(user_id: str) -> User | None:
    """The user a login cookie names ("id:token"), if the token is still valid."""
    user_part, _, token = user_id.partition(":")
    if not user_part.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_part))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user
