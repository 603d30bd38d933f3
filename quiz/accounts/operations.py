"""Accounts: create, authenticate and delete. Passwords are hashed with scrypt."""

from __future__ import annotations

import secrets
from functools import lru_cache

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.accounts.models import Role, User
from quiz.errors import DomainError, ErrorKind
from quiz.extensions import db

MIN_PASSWORD_LENGTH = 10


class EmailTaken(DomainError):
    """An account with this email address (or nickname) exists already."""


class PasswordTooShort(DomainError):
    """A password shorter than the minimum."""

    kind = ErrorKind.INVALID


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when no account matches, so a wrong email costs as long as a wrong password."""
    return generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    """Email addresses compare without case and surrounding space."""
    return email.strip().lower()


def create_teacher(name: str, email: str, password: str) -> User:
    """Create a teacher account; raises EmailTaken if the address is in use."""
    return _create_user(name, email, password, Role.TEACHER)


def create_learner(login: str, password: str) -> User:
    """A learner account named by a nickname or an email address."""
    return _create_user(login, " ".join(login.split()), password, Role.LEARNER)


def _create_user(name: str, login: str, password: str, role: Role) -> User:
    """A new account with a hashed password; raises EmailTaken if the login is in use."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    user = User(
        name=" ".join(name.split()),
        email=normalise_email(login),
        password_hash=generate_password_hash(password),
        role=role,
        session_token=secrets.token_urlsafe(16),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise EmailTaken("An account with this email or name exists already.") from None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account with this email and password, or None."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def delete_account(user: User, password: str) -> bool:
    """Delete the account and everything of it, if the password is right.

    The database's cascades remove what hangs on the account (a learner's runs, answers and
    review queue; a teacher's sessions and own articles).
    """
    if not check_password_hash(user.password_hash, password):
        return False
    db.session.execute(delete(User).where(User.id == user.id))
    db.session.commit()
    return True
