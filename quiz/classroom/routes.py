"""Views of the students' side: join, answer, see feedback or the teacher's reveal."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from quiz.classroom import bp
from quiz.classroom.forms import ClassAnswerForm, CodeForm, NicknameForm
from quiz.classroom.screens import statements_needed, student_screen
from quiz.codes import normalise_code
from quiz.errors import render_error
from quiz.extensions import autocommit_request, limiter
from quiz.labels import Label
from quiz.learn.presenters import source_passage, statement_anchor
from quiz.limits import failed_join, join_code_key, join_limit_per_address, join_limit_per_session
from quiz.models import FEEDBACK_EACH, ClassSession, Participant, Statement, utcnow
from quiz.scoring import score
from quiz.services import classroom

CLASSES_KEY = "classes"
REMEMBERED_CLASSES = 10
NO_SUCH_CODE = "No session has this code. Check the code your teacher shows and try again."
CLOSED = "This session is closed. Ask your teacher for a new code."


def _remember(code: str, token: str) -> None:
    """Keep the student's token for this session in their signed cookie (for rejoining)."""
    classes = {k: v for k, v in session.get(CLASSES_KEY, {}).items() if k != code}
    classes[code] = token
    session[CLASSES_KEY] = dict(list(classes.items())[-REMEMBERED_CLASSES:])
    session.permanent = True


def _normalised_or_404(code: str) -> str:
    """The join code as stored, or 404 for something that cannot be one."""
    normalised = normalise_code(code)
    if normalised is None:
        abort(404, description=NO_SUCH_CODE)
    return normalised


def _find(
    code: str, statement_key: str | None = None
) -> tuple[ClassSession, Participant | None, Statement | None]:
    """The session (or 404), this browser's student in it if it joined, and the statement
    with this key if asked for: one query."""
    normalised = _normalised_or_404(code)
    token = session.get(CLASSES_KEY, {}).get(normalised)
    found, participant, statement = classroom.find_in_session(normalised, token, statement_key)
    if found is None:
        abort(404, description=NO_SUCH_CODE)
    return found, participant, statement


def _session_and_participant(code: str) -> tuple[ClassSession, Participant | None]:
    """The session (or 404) and this browser's student in it, if it joined."""
    found, participant, _ = _find(code)
    return found, participant


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(join_limit_per_address, methods=["POST"], deduct_when=failed_join)
def join() -> str | Response | tuple[str, int]:
    """Type the join code."""
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        code = normalise_code(form.code.data)
        found = classroom.find_by_code(code) if code else None
        if found is None:
            form.code.errors.append(NO_SUCH_CODE)
            status = 404
        elif not found.is_open(utcnow()):
            form.code.errors.append(CLOSED)
            status = 410
        else:
            return redirect(url_for("classroom.join_code", code=found.code), code=303)
    elif form.is_submitted():
        status = 400
    return render_template("classroom/join.html", form=form), status


@bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit(join_limit_per_address, methods=["POST"], deduct_when=failed_join)
@limiter.limit(join_limit_per_session, methods=["POST"], key_func=join_code_key)
def join_code(code: str) -> str | Response | tuple[str, int]:
    """Choose a nickname (or go straight back in when this browser joined before)."""
    class_session, participant = _session_and_participant(code)
    if code != class_session.code:
        return redirect(url_for("classroom.join_code", code=class_session.code))
    if not class_session.is_open(utcnow()):
        return render_error(410, CLOSED)
    if participant is not None and participant.removed_at is None:
        return redirect(url_for("classroom.play", code=class_session.code))
    form = NicknameForm()
    status = 200
    if form.validate_on_submit():
        try:
            participant = classroom.join(class_session, form.nickname.data)
        except classroom.ClassroomError as error:
            form.nickname.errors.append(error.message)
            status = error.status
        else:
            _remember(class_session.code, participant.token)
            return redirect(url_for("classroom.play", code=class_session.code), code=303)
    elif form.is_submitted():
        status = 400
    return render_template("classroom/nickname.html", form=form, session=class_session), status


def _state_etag(session_id: int, version: int) -> str:
    """Students' pages change only when the session's version does (next, reveal, close)."""
    return f"{session_id}-{version}"


def _screen_context(class_session: ClassSession, participant: Participant) -> dict[str, Any]:
    """What the screen template needs to show this student their screen now."""
    now = utcnow()
    rows = classroom.statements_with_answers(participant, statements_needed(participant, now))
    answered = [(s, answer) for s, answer in rows if answer is not None]
    screen = student_screen(participant, {s.id: answer for s, answer in answered}, now)
    statement = next((s for s, _ in rows if s.id == screen.statement_id), None)
    results = answered if screen.kind in ("done", "closed") else []
    return {
        "session": class_session,
        "participant": participant,
        "screen": screen,
        "statement": statement,
        "form": ClassAnswerForm(statement=statement.key) if screen.kind == "question" else None,
        "passage": source_passage(statement) if screen.kind == "reveal" else None,
        "results": results,
        "card": score((s.label_enum, Label(r.chosen)) for s, r in results),
    }


@bp.get("/play/<code>")
def play(code: str) -> str | Response | tuple[str, int]:
    """Whatever the student should see now: a question, a wait, the reveal or the end."""
    autocommit_request()
    class_session, participant = _session_and_participant(code)
    if participant is None:
        return redirect(url_for("classroom.join_code", code=class_session.code))
    context = _screen_context(class_session, participant)
    page = render_template(
        "classroom/play.html",
        state_etag=_state_etag(class_session.id, class_session.version),
        **context,
    )
    return page, 403 if context["screen"].kind == "removed" else 200


@bp.post("/play/<code>/answers")
def answer(code: str) -> Response | tuple[str | Response, int]:
    """Store the student's answer once, then go on.

    The page's script posts with ``Accept: application/json`` in live sessions and shows the
    receipt itself; without the script the browser follows the redirect.
    """
    autocommit_request()
    as_json = request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )
    fail = _json_error if as_json else render_error
    form = ClassAnswerForm()
    valid = form.validate()
    class_session, participant, statement = _find(code, form.statement.data if valid else None)
    if participant is None:
        return fail(403, "Join the session with its code before answering.")
    if not valid:
        return fail(400, "Choose Verified, Intelligence claim or Speculation.")
    try:
        response, created = classroom.record_response(
            participant, statement, Label(form.label.data)
        )
    except classroom.ClassroomError as error:
        return fail(error.status, error.message)
    if as_json:
        chosen = Label(response.chosen)
        return jsonify(stored=created, chosen=chosen.value, chosen_title=chosen.title), 200
    if not class_session.is_live and class_session.feedback == FEEDBACK_EACH:
        position = participant.statement_ids.index(response.statement_id) + 1
        return redirect(
            url_for("classroom.feedback", code=class_session.code, position=position), code=303
        )
    return redirect(url_for("classroom.play", code=class_session.code), code=303)


def _json_error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


@bp.get("/play/<code>/feedback/<int:position>")
def feedback(code: str, position: int) -> str | Response:
    """Self-paced sessions with feedback after each answer: why the answer is right or wrong."""
    class_session, participant = _session_and_participant(code)
    if participant is None or class_session.is_live or class_session.feedback != FEEDBACK_EACH:
        abort(404)
    if not 1 <= position <= len(participant.statement_ids):
        abort(404)
    rows = classroom.statements_with_answers(participant, [participant.statement_ids[position - 1]])
    statement, response = rows[0] if rows else (None, None)
    if response is None:
        return redirect(url_for("classroom.play", code=class_session.code))
    return render_template(
        "classroom/feedback.html",
        session=class_session,
        statement=statement,
        response=response,
        position=position,
        total=len(participant.statement_ids),
        passage=source_passage(statement),
        anchor=statement_anchor(statement),
    )


@bp.get("/play/<code>/state.json")
def state(code: str) -> Response:
    """Polled by students' pages: 304 while the session is unchanged, else the new screen.

    The unchanged case, nearly every poll, costs one small query. A change brings this
    student's new screen as HTML, so the page swaps it in without a second request.
    """
    autocommit_request()
    found = classroom.version_by_code(_normalised_or_404(code))
    if found is None:
        abort(404, description=NO_SUCH_CODE)
    etag = _state_etag(*found)
    if request.if_none_match.contains(etag):
        return _private_no_cache(Response(status=304, headers={"ETag": f'"{etag}"'}))
    class_session, participant = _session_and_participant(code)
    html = None
    if participant is not None:
        html = render_template(
            "classroom/_screen.html", **_screen_context(class_session, participant)
        )
    response = jsonify(version=class_session.version, html=html)
    response.set_etag(_state_etag(class_session.id, class_session.version))
    response.vary.add("Cookie")
    return _private_no_cache(response)


def _private_no_cache(response: Response) -> Response:
    """Each student's screen is their own: shared caches keep nothing, browsers revalidate."""
    response.headers["Cache-Control"] = "private, no-cache"
    return response
