"""User accounts: teachers, and learners who chose to keep their practice in an account."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from quiz.database import (
    EMAIL_LENGTH,
    NAME_LENGTH,
    PASSWORD_HASH_LENGTH,
    TOKEN_LENGTH,
    Model,
    enum_column,
    utcnow,
)


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
    # Part of every login cookie; a new one (at log-out everywhere) ends every cookie.
    session_token: Mapped[str] = mapped_column(String(TOKEN_LENGTH))

    @property
    def is_teacher(self) -> bool:
        """Whether the user may run classroom sessions."""
        return self.role is Role.TEACHER

    def get_id(self) -> str:
        """The value Flask-Login keeps in the session: id plus a revocable token."""
        return f"{self.id}:{self.session_token}"
