"""User accounts (teachers, and learners who keep their practice in an account) and the
log-in sessions that let a browser act for one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from quiz.database import (
    EMAIL_LENGTH,
    NAME_LENGTH,
    PASSWORD_HASH_LENGTH,
    Model,
    enum_column,
    utcnow,
)

DIGEST_LENGTH = 64  # a SHA-256 hex digest


class Role(StrEnum):
    """What an account is for."""

    TEACHER = "teacher"
    LEARNER = "learner"


class User(UserMixin, Model):
    """Someone who logs in. Passwords are stored only as a salted scrypt hash."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    # A teacher's email address, or a learner's nickname or email: what they log in with.
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(PASSWORD_HASH_LENGTH))
    role: Mapped[Role] = mapped_column(enum_column(Role, 16), default=Role.TEACHER)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # May register LMS platforms (``flask users make-admin``).
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # The raw token of the log-in session this object was loaded for (set per request, never
    # stored; not annotated, so the ORM does not map it).
    login_token = None

    @property
    def is_teacher(self) -> bool:
        """Whether the user may run classroom sessions."""
        return self.role is Role.TEACHER

    def get_id(self) -> str:
        """What Flask-Login keeps in the cookies: the id and this log-in session's token."""
        return f"{self.id}:{self.login_token}"


class LoginSession(Model):
    """One log-in of a user in one browser. Ending it (log-out, log-out everywhere, a password
    change) makes every copy of that browser's cookies useless at once."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the token in the cookie: a stolen database gives no usable cookies.
    token_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
