"""User accounts: teachers (and, later, learners who choose to sign up)."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.base import utcnow

TEACHER = "teacher"
LEARNER = "learner"


class User(UserMixin, db.Model):
    """Someone who logs in. Passwords are stored only as a salted scrypt hash."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=TEACHER)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Changing it (on password change) logs out every "remember me" cookie.
    session_token: Mapped[str] = mapped_column(String(43))

    @property
    def is_teacher(self) -> bool:
        """Whether the user may run classroom sessions."""
        return self.role == TEACHER

    def get_id(self) -> str:
        """The value Flask-Login keeps in the session: id plus a revocable token."""
        return f"{self.id}:{self.session_token}"
