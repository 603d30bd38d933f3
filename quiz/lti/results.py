"""The results page's button for an LMS activity: send its waiting grades now."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from werkzeug.wrappers import Response

from quiz.classroom.models import ClassSession
from quiz.classroom.teacher_views import with_own_session
from quiz.lti import grades, queries
from quiz.lti.blueprint import bp
from quiz.web.forms import ActionForm


@bp.post("/teach/sessions/<int:session_id>/lti/send-grades")
@with_own_session
def send_grades(class_session: ClassSession) -> Response:
    """Send the activity's waiting grades now, without waiting for their pause to end."""
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    activity = queries.activity_of(class_session.id)
    if activity is None:
        abort(404)
    sent, failed = grades.send_waiting(queries.learner_ids(activity))
    flash(f"{sent} grade(s) sent." + (" The LMS did not answer: the rest wait." if failed else ""))
    return redirect(url_for("classroom.results", session_id=class_session.id), code=303)
