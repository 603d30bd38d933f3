"""Where a validated launch takes the user: a learner into the activity's session, an
instructor to its results, a deep-linking instructor to the picker."""

from __future__ import annotations

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response

from quiz.accounts.views import start_login
from quiz.classroom.class_cookie import remember
from quiz.lti import deep_linking, grades, learners, operations, queries
from quiz.lti.claims import DEEP_LINKING_REQUEST, Launch
from quiz.lti.framing import start_framing
from quiz.lti.launch import LaunchForbidden, refuse
from quiz.lti.models import LtiActivity, LtiCourse, LtiPlatform

NO_ACTIVITY = (
    "This LMS link has no SourceSense activity yet. Your teacher adds one with the LMS's "
    "“select content” (deep linking)."
)
INSTRUCTORS_ONLY = "Only the course's instructors can add SourceSense activities."


def frame_origin(platform: LtiPlatform, launch: Launch) -> str | None:
    """The LMS origin that frames this launch, or None when it opens in a window."""
    return platform.frame_origin if launch.document_target != "window" else None


def land(launch: Launch, platform: LtiPlatform) -> Response:
    """The response to a validated launch."""
    course = operations.ensure_course(platform, launch)
    if launch.message_type == DEEP_LINKING_REQUEST:
        return _deep_link(launch, platform, course)
    if not launch.resource_link_id:
        raise refuse("The launch names no resource link.")
    activity = operations.activity_for_launch(platform, course, launch)
    if launch.is_instructor:
        return _instructor(launch, platform, course, activity)
    if activity is None:
        raise refuse(NO_ACTIVITY)
    return _learner(launch, platform, activity)


def _deep_link(launch: Launch, platform: LtiPlatform, course: LtiCourse) -> Response:
    if not launch.is_instructor:
        raise LaunchForbidden(INSTRUCTORS_ONLY)
    user = operations.instructor_account(platform, course, launch)
    link_request = deep_linking.request_token(launch, course, user.id)
    start_login(user, remember=False)
    start_framing(platform.frame_origin or link_request.return_origin)
    token = deep_linking.dumps(link_request)
    return redirect(url_for("lti.deep_link", link=token), code=303)


def _instructor(
    launch: Launch, platform: LtiPlatform, course: LtiCourse, activity: LtiActivity | None
) -> Response:
    user = operations.instructor_account(platform, course, launch)
    start_login(user, remember=False)
    start_framing(frame_origin(platform, launch))
    if activity is None:
        flash(NO_ACTIVITY)
        return redirect(url_for("classroom.teacher_home"), code=303)
    grades.retry_due(learner_ids=queries.learner_ids(activity))
    return redirect(url_for("classroom.results", session_id=activity.session_id), code=303)


def _learner(launch: Launch, platform: LtiPlatform, activity: LtiActivity) -> Response:
    participant = learners.learner_participant(activity, launch, platform.keep_email)
    remember(activity.class_session.code, participant.token)
    start_framing(frame_origin(platform, launch))
    learner = queries.learner_of(participant.id)
    if learner is not None:
        grades.retry_due(limit=1, learner_ids=[learner.id])
    return redirect(url_for("classroom.play", code=activity.class_session.code), code=303)
