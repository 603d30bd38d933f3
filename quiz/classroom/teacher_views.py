"""The teacher's side of classroom sessions: home, new session, dashboard, results, exports."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quiz.classroom import operations, queries
from quiz.classroom.blueprint import bp
from quiz.classroom.exports import answers_csv, students_csv
from quiz.classroom.forms import NewSessionForm
from quiz.classroom.models import ClassSession
from quiz.database import utcnow
from quiz.errors import DomainError
from quiz.labels import Label
from quiz.library import queries as library
from quiz.library.presenters import source_passage
from quiz.lti import queries as lti_queries
from quiz.lti.reports import results_context
from quiz.web.access import teacher_required
from quiz.web.addresses import public_url
from quiz.web.downloads import attachment
from quiz.web.forms import ActionForm, form_status


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


def _checked_action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")


def _to_dashboard(class_session: ClassSession) -> Response:
    return redirect(url_for("classroom.dashboard", session_id=class_session.id), code=303)


def _join_link(class_session: ClassSession) -> str:
    """The address students type or scan: PUBLIC_URL when configured, never a Host header
    that the app was not told to trust."""
    return public_url("classroom.join_code", code=class_session.code)


@bp.get("/teach")
@teacher_required
def teacher_home() -> str:
    """The teacher's sessions, the articles to start one on, own articles and drafts."""
    articles = library.articles_for(current_user.id)
    return render_template(
        "classroom/teacher_home.html",
        sessions=queries.teacher_sessions(current_user.id),
        articles=articles,
        own_articles=[a for a in articles if a.owner_id == current_user.id],
        drafts=library.drafts_of(current_user.id),
        action_form=ActionForm(),
    )


@bp.route("/teach/articles/<slug>/sessions/new", methods=["GET", "POST"])
@teacher_required
def new_session(slug: str) -> str | Response | tuple[str, int]:
    """Choose statements, mode and options, then open the session."""
    article = library.visible_article(slug, current_user.id)
    if article is None:
        abort(404)
    form = NewSessionForm()
    form.set_statements(article.active_statements)
    if form.validate_on_submit():
        class_session = operations.create_session(
            current_user,
            article,
            form.statements.data,
            mode=form.chosen_mode,
            shuffle=form.shuffle.data,
            feedback=form.chosen_feedback,
            open_minutes=form.open_minutes,
            evidence_step=form.evidence_step.data,
        )
        flash(f"Session open. Students join with the code {class_session.code}.")
        return _to_dashboard(class_session)
    statements = {s.key: s for s in article.active_statements}
    return render_template(
        "classroom/new_session.html", form=form, article=article, statements=statements
    ), form_status(form)


@bp.get("/teach/sessions/<int:session_id>")
@with_own_session
def dashboard(class_session: ClassSession) -> str:
    """The projector view: join code, QR code, live controls and the dashboard."""
    statements = queries.session_statements(class_session)
    index = class_session.current_index
    current = statements[index] if index >= 0 else None
    return render_template(
        "classroom/dashboard.html",
        class_session=class_session,
        statements=statements,
        current=current,
        passage=source_passage(current) if current and class_session.revealed else None,
        snapshot=queries.live_snapshot(class_session),
        join_url=_join_link(class_session),
        join_page=public_url("classroom.join"),
        form=ActionForm(),
        is_open=class_session.is_open(utcnow()),
    )


@bp.get("/teach/sessions/<int:session_id>/live.json")
@with_own_session
def live(class_session: ClassSession) -> Response:
    """The dashboard's figures as JSON, with an ETag so unchanged polls cost little."""
    etag = queries.change_marker(class_session)
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache"})
    response = jsonify(queries.live_snapshot(class_session))
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/teach/sessions/<int:session_id>/qr.svg")
@with_own_session
def qr(class_session: ClassSession) -> Response:
    """A QR code of the session's join link, drawn by segno."""
    buffer = io.BytesIO()
    segno.make(_join_link(class_session), error="m").save(
        buffer, kind="svg", scale=8, border=2, title="Join link"
    )
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    return response


@bp.post("/teach/sessions/<int:session_id>/next")
@with_own_session
def advance(class_session: ClassSession) -> Response:
    """Live: move to the next statement."""
    return _live_action(operations.advance, class_session)


@bp.post("/teach/sessions/<int:session_id>/reveal")
@with_own_session
def reveal(class_session: ClassSession) -> Response:
    """Live: reveal the current statement's answer to everyone."""
    return _live_action(operations.reveal, class_session)


def _live_action(action: Callable[[ClassSession], None], class_session: ClassSession) -> Response:
    _checked_action()
    try:
        action(class_session)
    except DomainError as error:
        flash(error.message)
    return _to_dashboard(class_session)


@bp.post("/teach/sessions/<int:session_id>/close")
@with_own_session
def close(class_session: ClassSession) -> Response:
    """Close the session: no more joins or answers."""
    _checked_action()
    operations.close(class_session)
    flash("The session is closed. Results stay available.")
    return _to_dashboard(class_session)


@bp.post("/teach/sessions/<int:session_id>/lock")
@with_own_session
def lock(class_session: ClassSession) -> Response:
    """No new students may join; those who joined go on."""
    _checked_action()
    operations.set_locked(class_session, True)
    flash("The session is locked: no new students can join.")
    return _to_dashboard(class_session)


@bp.post("/teach/sessions/<int:session_id>/unlock")
@with_own_session
def unlock(class_session: ClassSession) -> Response:
    """New students may join again."""
    _checked_action()
    operations.set_locked(class_session, False)
    flash("New students can join again.")
    return _to_dashboard(class_session)


@bp.post("/teach/sessions/<int:session_id>/participants/<int:participant_id>/remove")
@with_own_session
def remove_participant(class_session: ClassSession, participant_id: int) -> Response:
    """Remove a student from the session."""
    _checked_action()
    removed = operations.remove_participant(class_session, participant_id)
    if removed is None:
        abort(404)
    flash(f"{removed.nickname} was removed from the session.")
    return _to_dashboard(class_session)


@bp.route("/teach/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@with_own_session
def delete(class_session: ClassSession) -> str | Response:
    """Confirm, then delete the session with all its answers."""
    form = ActionForm()
    if form.validate_on_submit():
        operations.delete_session(class_session)
        flash("The session and its answers were deleted.")
        return redirect(url_for("classroom.teacher_home"), code=303)
    return render_template("classroom/delete.html", class_session=class_session, form=form)


@bp.get("/teach/sessions/<int:session_id>/results")
@with_own_session
def results(class_session: ClassSession) -> str:
    """Per statement, per student, the class matrix and the statements behind a cell."""
    report = queries.session_report(class_session)
    true = Label.parse(request.args.get("true", ""))
    chosen = Label.parse(request.args.get("chosen", ""))
    return render_template(
        "classroom/results.html",
        class_session=class_session,
        report=report,
        cell=(true, chosen, report.cell(true, chosen)) if true and chosen else None,
        lti=results_context(class_session),
    )


@bp.get("/teach/sessions/<int:session_id>/answers.csv")
@with_own_session
def export_answers(class_session: ClassSession) -> Response:
    """One row per answer."""
    text = answers_csv(class_session.code, queries.session_report(class_session))
    return attachment(text, "text/csv", f"{class_session.code}-answers.csv")


@bp.get("/teach/sessions/<int:session_id>/students.csv")
@with_own_session
def export_students(class_session: ClassSession) -> Response:
    """One row per student."""
    text = students_csv(class_session.code, queries.session_report(class_session))
    return attachment(text, "text/csv", f"{class_session.code}-students.csv")
