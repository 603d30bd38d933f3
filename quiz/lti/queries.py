"""Reads of LTI data: the activity behind a session, instructors' access, grades by student."""

from __future__ import annotations

from sqlalchemy import select

from quiz.classroom.models import ClassSession, Participant
from quiz.extensions import db
from quiz.lti.models import LtiActivity, LtiCourseInstructor, LtiGrade, LtiLearner


def taught_session(session_id: int, user_id: int) -> ClassSession | None:
    """The session, if it is an activity of an LMS course the user was launched into as an
    instructor (several instructors of one course all reach its activities)."""
    return db.session.scalar(
        select(ClassSession)
        .join(LtiActivity, LtiActivity.session_id == ClassSession.id)
        .join(LtiCourseInstructor, LtiCourseInstructor.course_id == LtiActivity.course_id)
        .where(ClassSession.id == session_id, LtiCourseInstructor.user_id == user_id)
    )


def activity_of(session_id: int) -> LtiActivity | None:
    """The LMS activity a session belongs to, if any."""
    return db.session.scalar(select(LtiActivity).where(LtiActivity.session_id == session_id))


def learner_ids(activity: LtiActivity) -> list[int]:
    """The ids of the activity's LMS learners."""
    return list(
        db.session.scalars(select(LtiLearner.id).where(LtiLearner.activity_id == activity.id))
    )


def learner_of(participant_id: int) -> LtiLearner | None:
    """The LMS learner a participant is, if any."""
    return db.session.scalar(select(LtiLearner).where(LtiLearner.participant_id == participant_id))


def gradebook(activity: LtiActivity) -> list[tuple[str, LtiGrade | None]]:
    """Each LMS learner of the activity (nickname) with their grade, if they finished."""
    return [
        (nickname, grade)
        for nickname, grade in db.session.execute(
            select(Participant.nickname, LtiGrade)
            .join(LtiLearner, LtiLearner.participant_id == Participant.id)
            .outerjoin(LtiGrade, LtiGrade.learner_id == LtiLearner.id)
            .where(LtiLearner.activity_id == activity.id, Participant.removed_at.is_(None))
            .order_by(Participant.nickname)
        )
    ]
