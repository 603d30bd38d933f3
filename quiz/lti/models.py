"""What the tool keeps of LMS platforms: its own keys, registered platforms, used nonces, the
accounts and courses launches name, activities tied to classroom sessions, learners and grades."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from quiz.classroom.models import ClassSession, Participant
from quiz.database import (
    EMAIL_LENGTH,
    NAME_LENGTH,
    TITLE_LENGTH,
    TOKEN_LENGTH,
    URL_LENGTH,
    Model,
    enum_column,
    utcnow,
)

LTI_ID_LENGTH = 255  # issuers, client ids, subjects, context and resource link ids
ERROR_LENGTH = 300


class LtiKey(Model):
    """One of the tool's RSA key pairs: the newest signs; those not retired are published."""

    __tablename__ = "lti_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LtiPlatform(Model):
    """An LMS registered with the tool (one issuer and client id, its deployments and URLs)."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    issuer: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    client_id: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    deployment_ids: Mapped[list[str]] = mapped_column(JSON)
    auth_login_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    auth_token_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    jwks_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    # The LMS's web origin allowed to show the tool in a frame; None: launches open a window.
    frame_origin: Mapped[str | None] = mapped_column(String(LTI_ID_LENGTH))
    # Whether learners' email addresses, when the LMS sends them, are kept.
    keep_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LtiNonce(Model):
    """A launch's nonce, kept until it expires so that no id_token is accepted twice."""

    __tablename__ = "lti_nonce"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(LTI_ID_LENGTH), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LtiAccount(Model):
    """The teacher account of an LMS instructor: (platform, LTI ``sub``) -> user."""

    __tablename__ = "lti_account"
    __table_args__ = (UniqueConstraint("platform_id", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    sub: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)


class LtiCourse(Model):
    """An LMS course (LTI context) that launched the tool, with its roster service address."""

    __tablename__ = "lti_course"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH), default="")
    memberships_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))

    platform: Mapped[LtiPlatform] = relationship()


class LtiCourseInstructor(Model):
    """A teacher the LMS launched as an instructor of a course: they may see its activities."""

    __tablename__ = "lti_course_instructor"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("lti_course.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class LtiActivity(Model):
    """An LMS resource link tied to a self-paced classroom session.

    Made by deep linking (``public_id`` travels in the link's custom parameters); the LMS's
    resource link id and line item are learnt at the first launch.
    """

    __tablename__ = "lti_activity"
    __table_args__ = (UniqueConstraint("platform_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("lti_course.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("class_session.id", ondelete="CASCADE"), unique=True
    )
    resource_link_id: Mapped[str | None] = mapped_column(String(LTI_ID_LENGTH))
    lineitem_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    platform: Mapped[LtiPlatform] = relationship()
    course: Mapped[LtiCourse] = relationship()
    class_session: Mapped[ClassSession] = relationship()


class LtiLearner(Model):
    """An LMS learner in an activity: (activity, ``sub``) -> the session's participant."""

    __tablename__ = "lti_learner"
    __table_args__ = (UniqueConstraint("activity_id", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("lti_activity.id", ondelete="CASCADE"))
    sub: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), unique=True
    )
    # Only when the LMS sends it and the platform is set to keep it.
    email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))

    activity: Mapped[LtiActivity] = relationship()
    participant: Mapped[Participant] = relationship()


class GradeStatus(StrEnum):
    """Where a learner's score is on its way to the LMS gradebook."""

    WAITING = "waiting"  # stored; not accepted by the LMS yet (retried with back-off)
    SENT = "sent"  # the LMS accepted it


class LtiGrade(Model):
    """A learner's score for the LMS gradebook, kept until the LMS accepts it."""

    __tablename__ = "lti_grade"
    __table_args__ = (Index("ix_lti_grade_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("lti_learner.id", ondelete="CASCADE"), unique=True
    )
    score_given: Mapped[int] = mapped_column(Integer)
    score_maximum: Mapped[int] = mapped_column(Integer)
    status: Mapped[GradeStatus] = mapped_column(enum_column(GradeStatus, 16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    learner: Mapped[LtiLearner] = relationship()
