"""Teacher accounts: create, authenticate. Passwords are hashed with scrypt."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.extensions import db
from quiz.models import TEACHER, User

MIN_PASSWORD_LENGTH = 10
# Checked against when no account matches, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class EmailTaken(Exception):
    """An account with this email address exists already."""


def normalise_email(email: str) -> str:
    """Email addresses compare without case and surrounding space."""
    return email.strip().lower()


def create_teacher(name: str, email: str, password: str) -> User:
    """Create a teacher account; raises EmailTaken if the address is in use."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    user = User(
        name=" ".join(name.split()),
        email=normalise_email(email),
        password_hash=generate_password_hash(password),
        role=TEACHER,
        session_token=secrets.token_urlsafe(16),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise EmailTaken(email) from None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account with this email and password, or None."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def load_user(user_id: str) -> User | None:
    """The user a login cookie names ("id:token"), if the token is still valid."""
    user_part, _, token = user_id.partition(":")
    if not user_part.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_part))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user
