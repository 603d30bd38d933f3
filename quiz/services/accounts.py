"""Teacher accounts: create, authenticate. Passwords are hashed with scrypt."""

from __future__ import annotations

import secrets
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.codes import new_public_id
from quiz.extensions import db
from quiz.models import LEARNER, TEACHER, Answer, Learner, ReviewItem, Run, User

MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when no account matches, so a wrong email costs as long as a wrong password."""
    return generate_password_hash("not-a-real-password")


class EmailTaken(Exception):
    """An account with this email address exists already."""


def normalise_email(email: str) -> str:
    """Email addresses compare without case and surrounding space."""
    return email.strip().lower()


def create_teacher(name: str, email: str, password: str) -> User:
    """Create a teacher account; raises EmailTaken if the address is in use."""
    return _create_user(name, email, password, TEACHER)


def _create_user(name: str, login: str, password: str, role: str) -> User:
    """A new account with a hashed password; raises EmailTaken if the login is in use."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
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
        raise EmailTaken(login) from None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account with this email and password, or None."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
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


def create_learner(login: str, password: str) -> User:
    """A learner account named by a nickname or an email address."""
    return _create_user(login, " ".join(login.split()), password, LEARNER)


def claim_learner(user: User, browser_learner_id: str | None) -> Learner:
    """The account's learner record, taking over the runs this browser made before.

    A new account adopts the browser's learner; an existing one absorbs its runs and review
    queue (keeping the account's own entry where both queued the same statement).
    """
    own = db.session.scalar(select(Learner).where(Learner.user_id == user.id))
    browser = None
    if browser_learner_id:
        browser = db.session.scalar(
            select(Learner).where(
                Learner.public_id == browser_learner_id, Learner.user_id.is_(None)
            )
        )
    if own is None:
        own = browser or Learner(public_id=new_public_id())
        own.user_id = user.id
        db.session.add(own)
    elif browser is not None and browser.id != own.id:
        _merge_into(own, browser)
    db.session.commit()
    return own


def _merge_into(own: Learner, other: Learner) -> None:
    for run in db.session.scalars(select(Run).where(Run.learner_id == other.id)):
        run.learner_id = own.id
    queued = set(
        db.session.scalars(select(ReviewItem.statement_id).where(ReviewItem.learner_id == own.id))
    )
    for item in db.session.scalars(select(ReviewItem).where(ReviewItem.learner_id == other.id)):
        if item.statement_id in queued:
            db.session.delete(item)
        else:
            item.learner_id = own.id
    db.session.flush()
    db.session.delete(other)


def delete_account(user: User, password: str) -> bool:
    """Delete the account and everything of it, if the password is right."""
    if not check_password_hash(user.password_hash, password):
        return False
    learner_id = db.session.scalar(select(Learner.id).where(Learner.user_id == user.id))
    if learner_id is not None:
        runs = select(Run.id).where(Run.learner_id == learner_id)
        db.session.execute(db.delete(Answer).where(Answer.run_id.in_(runs)))
        db.session.execute(db.delete(Run).where(Run.learner_id == learner_id))
        db.session.execute(db.delete(ReviewItem).where(ReviewItem.learner_id == learner_id))
        db.session.execute(db.delete(Learner).where(Learner.id == learner_id))
    db.session.execute(db.delete(User).where(User.id == user.id))
    db.session.commit()
    return True
