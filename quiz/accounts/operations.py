"""Accounts: sign up, log in and out, change or reset a password, delete. Passwords are hashed
with scrypt; each action commits once."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.accounts import login_sessions
from quiz.accounts.models import Role, User
from quiz.errors import DomainError, ErrorKind
from quiz.extensions import db
from quiz.library.operations import hand_over_shared_articles

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
    """Email addresses (and nicknames used to log in) compare without case and outer space."""
    return email.strip().lower()


def looks_like_email(login: str) -> bool:
    """Whether a login is an email address (and so needs proof that it is one's own)."""
    return "@" in login


def find_by_login(login: str) -> User | None:
    """The account that logs in with this email or nickname."""
    return db.session.scalar(select(User).where(User.email == normalise_email(login)))


def create_user(name: str, login: str, password: str, role: Role) -> User:
    """A new account with a hashed password; raises EmailTaken if the login is in use."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    user = User(
        name=" ".join(name.split()),
        email=normalise_email(login),
        password_hash=generate_password_hash(password),
        role=role,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise EmailTaken("An account with this email or name exists already.") from None
    return user


def create_teacher(name: str, email: str, password: str) -> User:
    """Create a teacher account (the command line, or a sign-up whose address is proven)."""
    return create_user(name, email, password, Role.TEACHER)


def create_learner(login: str, password: str) -> User:
    """A learner account named by a nickname (or a proven email address)."""
    return create_user(login, " ".join(login.split()), password, Role.LEARNER)


def authenticate(login: str, password: str) -> User | None:
    """The account with this login and password, or None."""
    user = find_by_login(login)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def set_admin(user: User, admin: bool) -> None:
    """Give or take the right to register LMS platforms."""
    user.is_admin = admin
    db.session.commit()


def log_in(user: User, *, remember: bool) -> str:
    """Start a log-in session for the user; returns its token."""
    token = login_sessions.start(user, remember=remember)
    db.session.commit()
    return token


def log_out(user: User) -> None:
    """End this browser's log-in session: its cookies, and any copy of them, stop working."""
    login_sessions.end(user.login_token)
    db.session.commit()


def log_out_everywhere(user: User) -> None:
    """End every log-in session of the user, on every device."""
    login_sessions.end_all(user.id)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password if the current one is right; every other log-in session ends."""
    if not check_password_hash(user.password_hash, current):
        return False
    set_password(user, new, keeping=user.login_token)
    return True


def set_password(user: User, new: str, *, keeping: str | None = None) -> None:
    """Set a new password (after a reset link or by an administrator) and end log-in sessions
    (all but the one with the token ``keeping``)."""
    if len(new) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    user.password_hash = generate_password_hash(new)
    login_sessions.end_all(user.id, keeping=keeping)
    db.session.commit()


def delete_account(user: User, password: str) -> bool:
    """Delete the account and everything of it, if the password is right.

    The database's cascades remove what hangs on the account: a learner's runs, answers and
    review queue; a teacher's sessions, drafts and private articles. Articles a teacher shared
    to the public library, or that other teachers' sessions use, stay, credited to a former
    teacher.
    """
    if not check_password_hash(user.password_hash, password):
        return False
    hand_over_shared_articles(user.id)
    db.session.execute(delete(User).where(User.id == user.id))
    db.session.commit()
    return True
