"""What the teacher's session views share: the owner check, the action form, where to go back."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quiz.classroom import queries
from quiz.classroom.models import ClassSession
from quiz.lti import queries as lti_queries
from quiz.web.access import teacher_required
from quiz.web.forms import ActionForm

# The session's two pages: what the class sees (the projector of a live session, the join
# screen of a self-paced one) and the teacher's own view. A form on the teacher's view posts
# ``view=manage`` so that its action comes back there.
MANAGE_VIEW = "manage"


def with_own_session(view: Callable[..., Any]) -> Callable[..., Any]:
    """Teachers only; the ``session_id`` in the URL becomes this teacher's ClassSession (or 404).

    A session of an LMS activity is also reachable by every instructor of its course.
    """

    @wraps(view)
    @teacher_required
    def wrapper(session_id: int, **kwargs: Any) -> Any:
        class_session = queries.owned_session(session_id, current_user.id)
        if class_session is None:  # an LMS activity: any instructor of its course
            class_session = lti_queries.taught_session(session_id, current_user.id)
        if class_session is None:
            abort(404)
        return view(class_session, **kwargs)

    return wrapper


def checked_action() -> None:
    """Refuse a one-button post without its CSRF token."""
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")


def wants_json() -> bool:
    """Whether the page's script asked for JSON (it then updates the page in place)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def back(class_session: ClassSession) -> Response:
    """After a plain form post: the page the form was on (POST, redirect, GET)."""
    on_manage = request.form.get("view") == MANAGE_VIEW
    endpoint = "classroom.manage" if on_manage else "classroom.dashboard"
    return redirect(url_for(endpoint, session_id=class_session.id), code=303)
