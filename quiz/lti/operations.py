"""What launches write: used nonces, LMS courses, instructors' accounts and their access to a
course, and activities tied to classroom sessions. Each function commits once."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from quiz.accounts.models import Role, User
from quiz.classroom import operations as classroom
from quiz.classroom.models import ClassSession, Feedback, SessionMode
from quiz.database import utcnow
from quiz.errors import DomainError
from quiz.extensions import db
from quiz.library.models import Article
from quiz.lti.claims import ACTIVITY_PARAMETER, Launch
from quiz.lti.models import (
    LtiAccount,
    LtiActivity,
    LtiCourse,
    LtiCourseInstructor,
    LtiNonce,
    LtiPlatform,
)

# A password hash no password matches: werkzeug reads "method$salt$hash", and this has no "$".
UNUSABLE_PASSWORD_PREFIX = "!lti-no-password!"
T = TypeVar("T")


def use_nonce(value: str, expires_at: datetime) -> bool:
    """Record a launch's nonce; False if it was used before (a replayed id_token)."""
    db.session.execute(delete(LtiNonce).where(LtiNonce.expires_at < utcnow()))
    db.session.add(LtiNonce(value=value[:255], expires_at=expires_at))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


class LaunchConflict(DomainError):
    """Simultaneous launches kept clashing (it does not happen twice in a row in practice)."""


def _retried(make: Callable[[], T]) -> T:
    """Run a find-or-create that commits; once more if a simultaneous launch (a whole class
    opening a new activity at once) created the same row first."""
    for _ in range(2):
        try:
            return make()
        except IntegrityError:
            db.session.rollback()
    raise LaunchConflict("Many launches arrived at once: please open the activity again.")


def ensure_course(platform: LtiPlatform, launch: Launch) -> LtiCourse:
    """The LMS course a launch comes from, made or updated (title, roster service)."""
    context_id = launch.context_id or f"no-context:{launch.resource_link_id}"

    def make() -> LtiCourse:
        course = db.session.scalar(
            select(LtiCourse).where(
                LtiCourse.platform_id == platform.id, LtiCourse.context_id == context_id
            )
        )
        if course is None:
            course = LtiCourse(platform=platform, context_id=context_id)
            db.session.add(course)
        course.title = launch.context_title or course.title or ""
        course.memberships_url = launch.memberships_url or course.memberships_url
        db.session.commit()
        return course

    return _retried(make)


def _account(platform: LtiPlatform, launch: Launch) -> LtiAccount:
    """The instructor's account mapping, with a new teacher account at the first launch."""
    account = db.session.scalar(
        select(LtiAccount).where(
            LtiAccount.platform_id == platform.id, LtiAccount.sub == launch.sub
        )
    )
    if account is not None:
        return account
    given, family, full = launch.person()
    user = User(
        name=(full or f"{given} {family}".strip() or "LMS instructor")[:100],
        email=f"lti:{secrets.token_hex(16)}",
        password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(16),
        role=Role.TEACHER,
    )
    db.session.add(user)
    db.session.flush()
    account = LtiAccount(platform_id=platform.id, sub=launch.sub, user_id=user.id)
    db.session.add(account)
    return account


def instructor_account(platform: LtiPlatform, course: LtiCourse, launch: Launch) -> User:
    """The teacher account of an LMS instructor (made at their first launch), granted the
    course. Its login is random and its password unusable: only launches log it in."""

    def make() -> User:
        user = db.session.get(User, _account(platform, launch).user_id)
        if db.session.get(LtiCourseInstructor, (course.id, user.id)) is None:
            db.session.add(LtiCourseInstructor(course_id=course.id, user_id=user.id))
        db.session.commit()
        return user

    return _retried(make)


def create_activity(
    platform: LtiPlatform,
    course: LtiCourse,
    teacher: User,
    article: Article,
    *,
    feedback: Feedback,
    evidence_step: bool,
) -> LtiActivity:
    """A self-paced session on every statement of the article, tied to a new activity."""
    class_session = classroom.create_session(
        teacher,
        article,
        [s.key for s in article.active_statements],
        mode=SessionMode.SELF_PACED,
        shuffle=False,
        feedback=feedback,
        open_minutes=None,
        evidence_step=evidence_step,
    )
    class_session.lms_linked = True
    activity = LtiActivity(
        public_id=secrets.token_urlsafe(16),
        platform=platform,
        course=course,
        class_session=class_session,
    )
    db.session.add(activity)
    db.session.commit()
    return activity


def _copy(activity: LtiActivity, course: LtiCourse) -> LtiActivity:
    """The same activity for another course (an LMS course copy keeps the custom parameter)."""
    original: ClassSession = activity.class_session
    return create_activity(
        activity.platform,
        course,
        original.teacher,
        original.article,
        feedback=original.feedback,
        evidence_step=original.evidence_step,
    )


def activity_for_launch(
    platform: LtiPlatform, course: LtiCourse, launch: Launch
) -> LtiActivity | None:
    """The activity a resource link launches: known by its link id, or by the custom parameter
    of the deep link that made it (bound to the link at its first launch)."""
    found = db.session.scalar(
        select(LtiActivity).where(
            LtiActivity.platform_id == platform.id,
            LtiActivity.resource_link_id == launch.resource_link_id,
        )
    )
    public_id = str(launch.custom.get(ACTIVITY_PARAMETER, ""))
    if found is None and public_id:
        found = db.session.scalar(
            select(LtiActivity).where(
                LtiActivity.public_id == public_id, LtiActivity.platform_id == platform.id
            )
        )
        if found is not None and (found.resource_link_id or found.course_id != course.id):
            found = _copy(found, course)
        if found is not None:
            found.resource_link_id = launch.resource_link_id[:255]
    if found is not None:
        found.lineitem_url = launch.lineitem_url or found.lineitem_url
        db.session.commit()
    return found
