"""What the results page of an LMS activity adds: grades sent or waiting, who has not started,
and a button to send waiting grades now."""

from __future__ import annotations

from typing import Any

from quiz.classroom.models import ClassSession
from quiz.lti import queries, roster
from quiz.lti.models import GradeStatus
from quiz.web.forms import ActionForm


def results_context(class_session: ClassSession) -> dict[str, Any] | None:
    """The partial's values for a session tied to an LMS activity, else None."""
    if not class_session.lms_linked:
        return None
    activity = queries.activity_of(class_session.id)
    if activity is None:
        return None
    gradebook = queries.gradebook(activity)
    return {
        "activity": activity,
        "gradebook": gradebook,
        "waiting": sum(1 for _, g in gradebook if g and g.status is GradeStatus.WAITING),
        "not_started": roster.not_started(activity),
        "form": ActionForm(),
    }
