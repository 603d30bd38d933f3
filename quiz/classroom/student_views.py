"""Views of the students' side: join, answer, see feedback or the teacher's reveal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quiz.classroom import operations, queries
from quiz.classroom.blueprint import bp
from quiz.classroom.class_cookie import remember, token_for
from quiz.classroom.forms import ClassAnswerForm, CodeForm, NicknameForm
from quiz.classroom.models import ClassAnswer, ClassSession, Feedback, Participant
from quiz.classroom.screens import ScreenKind
from quiz.classroom.student_pages import screen_context, state_etag
from quiz.codes import normalise_code
from quiz.database import utcnow
from quiz.errors import DomainError
from quiz.extensions import limiter, without_transaction
from quiz.library.models import Statement
from quiz.lti import grades as lti_grades
from quiz.web.error_pages import render_error, status_of
from quiz.web.forms import form_status
from quiz.web.limits import (
    failed_join,
    join_code_key,
    join_failures_per_address,
    joins_per_session,
    record_failed_code_lookup,
    refuse_code_guessing,
    successful_join,
)

NO_SUCH_CODE = "No session has this code. Check the code your teacher shows and try again."
MALFORMED_CODE = (
    "A join code has 6 letters and digits, such as KM4TQZ (no 0, O, 1, I or L). "
    "Check the code your teacher shows."
)
CLOSED = "This session is closed. Ask your teacher for a new code."

Found = TypeVar("Found")


def _normalised_or_404(code: str) -> str:
    """The join code as stored, or 404 for something that cannot be one."""
    normalised = normalise_code(code)
    if normalised is None:
        abort(404, description=MALFORMED_CODE)
    return normalised


def _look_up(code: str, find: Callable[[str, str | None], Found | None]) -> Found:
    """What ``find`` finds for the normalised code and this browser's token in it, or 404.

    A code this browser never joined is a look-up that may be a guess: refused once the address
    made too many failed look-ups, and counted when it fails.
    """
    normalised = _normalised_or_404(code)
    token = token_for(normalised)
    if token is None:
        refuse_code_guessing()
    found = find(normalised, token)
    if found is None:
        if token is None:
            record_failed_code_lookup()
        abort(404, description=NO_SUCH_CODE)
    return found


def _find(
    code: str, statement_key: str | None = None
) -> tuple[ClassSession, Participant | None, Statement | None]:
    """The session (or 404), this browser's student in it if it joined, and the statement
    with this key if asked for: one query."""

    def in_session(normalised: str, token: str | None) -> tuple | None:
        found = queries.find_in_session(normalised, token, statement_key)
        return found if found[0] is not None else None

    return _look_up(code, in_session)


def session_and_participant(code: str) -> tuple[ClassSession, Participant | None]:
    """The session (or 404) and this browser's student in it, if it joined."""
    found, participant, _ = _find(code)
    return found, participant


@bp.route("/join", methods=["GET", "POST"])
def join() -> str | Response | tuple[str, int]:
    """Type the join code."""
    form = CodeForm()
    if form.validate_on_submit():
        code = normalise_code(form.code.data)
        if code is None:
            return _code_page(form, MALFORMED_CODE, 404)
        known = token_for(code) is not None
        if not known:
            refuse_code_guessing()
        found = queries.find_by_code(code)
        if found is None:
            if not known:
                record_failed_code_lookup()
            return _code_page(form, NO_SUCH_CODE, 404)
        if not found.is_open(utcnow()):
            return _code_page(form, CLOSED, 410)
        return redirect(url_for("classroom.join_code", code=found.code), code=303)
    return render_template("classroom/join.html", form=form), form_status(form)


def _code_page(form: CodeForm, message: str, status: int) -> tuple[str, int]:
    form.code.errors.append(message)
    return render_template("classroom/join.html", form=form), status


@bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit(join_failures_per_address, methods=["POST"], deduct_when=failed_join)
@limiter.limit(
    joins_per_session, methods=["POST"], key_func=join_code_key, deduct_when=successful_join
)
def join_code(code: str) -> str | Response | tuple[str, int]:
    """Choose a nickname (or go straight back in when this browser joined before)."""
    class_session, participant = session_and_participant(code)
    if code != class_session.code:
        return redirect(url_for("classroom.join_code", code=class_session.code))
    if participant is not None and participant.removed_at is None:
        return redirect(url_for("classroom.play", code=class_session.code))
    form = NicknameForm()
    try:
        operations.check_joinable(class_session, participant)
        if form.validate_on_submit():
            participant = operations.join(class_session, form.nickname.data)
            remember(class_session.code, participant.token)
            return redirect(url_for("classroom.play", code=class_session.code), code=303)
    except DomainError as error:
        if not form.is_submitted():
            return render_error(status_of(error), error.message)
        form.nickname.errors.append(error.message)
        return _nickname_page(form, class_session, status_of(error))
    return _nickname_page(form, class_session, form_status(form))


def _nickname_page(form: NicknameForm, class_session: ClassSession, status: int) -> tuple[str, int]:
    return render_template(
        "classroom/nickname.html", form=form, class_session=class_session
    ), status


@bp.get("/play/<code>")
@without_transaction
def play(code: str) -> str | Response | tuple[str, int]:
    """Whatever the student should see now: a question, a wait, the reveal or the end."""
    class_session, participant = session_and_participant(code)
    if participant is None:
        return redirect(url_for("classroom.join_code", code=class_session.code))
    context = screen_context(class_session, participant)
    page = render_template(
        "classroom/play.html",
        state_etag=state_etag(class_session.id, class_session.version),
        **context,
    )
    return page, 403 if context["screen"].kind is ScreenKind.REMOVED else 200


@bp.post("/play/<code>/answers")
@without_transaction
def answer(code: str) -> Response | tuple[str | Response, int]:
    """Store the student's answer once, then go on.

    The page's script posts with ``Accept: application/json`` and keeps trying until the answer
    is acknowledged (answers are idempotent), then shows the receipt (live) or goes on;
    without the script the browser follows the redirect.
    """
    fail = _json_error if _wants_json() else render_error
    form = ClassAnswerForm()
    valid = form.validate()
    class_session, participant, statement = _find(code, form.statement.data if valid else None)
    if participant is None:
        return fail(403, "Join the session with its code before answering.")
    if not valid:
        return fail(400, "Choose Verified, Intelligence claim or Speculation.")
    try:
        response, created = operations.record_response(participant, statement, form.chosen)
    except DomainError as error:
        return fail(status_of(error), error.message)
    if created and class_session.lms_linked:  # an LMS activity: a last answer sends the grade
        lti_grades.answer_recorded(participant)
    after = _after_answer(class_session, participant, response, statement)
    if _wants_json():
        return _receipt(class_session, response, created, after), 200
    return redirect(after, code=303)


def _receipt(
    class_session: ClassSession, response: ClassAnswer, created: bool, after: str
) -> Response:
    """What the page's script gets: the answer as stored, and where to go next (none in a live
    session's wait: the page waits in place)."""
    waits = class_session.is_live and after == url_for("classroom.play", code=class_session.code)
    chosen = response.chosen
    receipt = {"stored": created, "chosen": chosen.value, "chosen_title": chosen.title}
    return jsonify(**receipt, next=None if waits else after)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _after_answer(
    class_session: ClassSession,
    participant: Participant,
    response: ClassAnswer,
    statement: Statement,
) -> str:
    """Where a student goes after answering: marking the words (the play page shows that step,
    if the teacher asked for it), the feedback (if the teacher chose it), or on."""
    if class_session.evidence_step and statement.cues:
        return url_for("classroom.play", code=class_session.code, step="evidence")
    if not class_session.is_live and class_session.feedback is Feedback.EACH:
        position = participant.statement_ids.index(response.statement_id) + 1
        return url_for("classroom.feedback", code=class_session.code, position=position)
    return url_for("classroom.play", code=class_session.code)


def _json_error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


@bp.get("/play/<code>/state.json")
@without_transaction
def state(code: str) -> Response:
    """Polled by students' pages: 304 while the session is unchanged, else the new screen.

    The unchanged case, nearly every poll, costs one small query. A change brings this
    student's new screen as HTML, so the page swaps it in without a second request.
    """
    etag = state_etag(*_version_or_404(code))
    if request.if_none_match.contains(etag):
        return _private_no_cache(Response(status=304, headers={"ETag": f'"{etag}"'}))
    class_session, participant = session_and_participant(code)
    html = None
    if participant is not None:
        html = render_template(
            "classroom/_screen.html", **screen_context(class_session, participant)
        )
    response = jsonify(version=class_session.version, html=html)
    response.set_etag(state_etag(class_session.id, class_session.version))
    response.vary.add("Cookie")
    return _private_no_cache(response)


def _version_or_404(code: str) -> tuple[int, int]:
    """(id, version) of the session with this code (or 404), counted as a look-up by a browser
    that never joined it, as on the other routes that take a code."""
    return _look_up(code, lambda normalised, _token: queries.version_by_code(normalised))


def _private_no_cache(response: Response) -> Response:
    """Each student's screen is their own: shared caches keep nothing, browsers revalidate."""
    response.headers["Cache-Control"] = "private, no-cache"
    return response
