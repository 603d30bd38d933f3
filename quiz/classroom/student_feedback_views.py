"""Views of a student's feedback in a self-paced session and of the evidence step."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from werkzeug.wrappers import Response

from quiz.classroom import operations, queries
from quiz.classroom.blueprint import bp
from quiz.classroom.models import ClassAnswer, ClassSession, Feedback, Participant
from quiz.classroom.student_views import session_and_participant
from quiz.errors import DomainError
from quiz.library.models import Statement
from quiz.library.presenters import feedback_context
from quiz.web.error_pages import render_error, status_of
from quiz.web.forms import EvidenceForm


def _answered(participant: Participant, position: int) -> tuple[Statement, ClassAnswer | None]:
    """The statement at a 1-based position of the student's order, with their answer."""
    if not 1 <= position <= len(participant.statement_ids):
        abort(404)
    rows = queries.statements_with_answers(participant, [participant.statement_ids[position - 1]])
    if not rows:
        abort(404)
    return rows[0]


@bp.get("/play/<code>/feedback/<int:position>")
def feedback(code: str, position: int) -> str | Response:
    """Self-paced sessions with feedback after each answer: why the answer is right or wrong."""
    class_session, participant = session_and_participant(code)
    if participant is None or class_session.is_live or class_session.feedback is not Feedback.EACH:
        abort(404)
    statement, response = _answered(participant, position)
    if response is None:
        return redirect(url_for("classroom.play", code=class_session.code))
    return render_template(
        "classroom/feedback.html",
        class_session=class_session,
        statement=statement,
        response=response,
        position=position,
        total=len(participant.statement_ids),
        **feedback_context(statement, response),
    )


@bp.post("/play/<code>/evidence/<int:position>")
def evidence(code: str, position: int) -> Response | tuple[str, int]:
    """Keep the words a student marked for an answer, then go on."""
    class_session, participant = session_and_participant(code)
    if participant is None:
        return render_error(403, "Join the session with its code before answering.")
    statement, response = _answered(participant, position)
    form = EvidenceForm()
    if not form.validate():
        return render_error(400, "The marks could not be read. Go back and try again.")
    if response is not None:
        try:
            operations.check_answerable(participant, statement)
        except DomainError as error:
            return render_error(status_of(error), error.message)
        operations.record_evidence(response, statement, form.spans())
    return redirect(_after_evidence(class_session, position), code=303)


def _after_evidence(class_session: ClassSession, position: int) -> str:
    if not class_session.is_live and class_session.feedback is Feedback.EACH:
        return url_for("classroom.feedback", code=class_session.code, position=position)
    return url_for("classroom.play", code=class_session.code)
