"""Views of the teacher's pages: thin wrappers around quiz.services.classroom and quiz.reports."""

from __future__ import annotations

import io
from functools import wraps
from typing import Any

import segno
from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from quiz.csv_export import answers_csv, students_csv
from quiz.extensions import db
from quiz.labels import Label
from quiz.learn.presenters import source_passage
from quiz.models import Article, ArticleDraft, ClassSession, Participant, utcnow
from quiz.reports import change_marker, live_snapshot, session_report, session_statements
from quiz.services import classroom
from quiz.teach import bp
from quiz.teach.forms import ActionForm, NewSessionForm


def teacher_required(view):
    """Logged-in teachers only (others get 403); the session id becomes the owned session."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any):
        if not current_user.is_teacher:
            abort(403)
        if "session_id" in kwargs:
            session = classroom.owned_session(kwargs.pop("session_id"), current_user)
            if session is None:
                abort(404)
            kwargs["session"] = session
        return view(*args, **kwargs)

    return wrapper


def _checked_action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")


def _to_session(session: ClassSession) -> Response:
    return redirect(url_for("teach.session", session_id=session.id), code=303)


@bp.get("")
@teacher_required
def home() -> str:
    """The teacher's sessions and the articles to start one on."""
    participants = (
        select(func.count(Participant.id))
        .where(Participant.session_id == ClassSession.id, Participant.removed_at.is_(None))
        .scalar_subquery()
    )
    sessions = db.session.execute(
        select(ClassSession, participants)
        .where(ClassSession.teacher_id == current_user.id)
        .order_by(ClassSession.created_at.desc())
    ).all()
    articles = db.session.scalars(
        select(Article).where(Article.visible_clause(current_user.id)).order_by(Article.title)
    ).all()
    return render_template(
        "teach/home.html",
        sessions=sessions,
        articles=articles,
        own_articles=[a for a in articles if a.owner_id == current_user.id],
        drafts=db.session.scalars(
            select(ArticleDraft).where(ArticleDraft.owner_id == current_user.id)
        ).all(),
        action_form=ActionForm(),
    )


@bp.route("/articles/<slug>/sessions/new", methods=["GET", "POST"])
@teacher_required
def new_session(slug: str) -> str | Response:
    """Choose statements, mode and options, then open the session."""
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None or not article.visible_to(current_user.id):
        abort(404)
    form = NewSessionForm()
    form.set_statements(article.active_statements)
    if form.validate_on_submit():
        session = classroom.create_session(
            current_user,
            article,
            form.statements.data,
            mode=form.mode.data,
            shuffle=form.shuffle.data,
            feedback=form.feedback.data,
            open_minutes=int(form.open_for.data) if form.open_for.data else None,
        )
        flash(f"Session open. Students join with the code {session.code}.")
        return _to_session(session)
    status = 400 if form.is_submitted() else 200
    statements = {s.key: s for s in article.active_statements}
    return render_template(
        "teach/new_session.html", form=form, article=article, statements=statements
    ), status


@bp.get("/sessions/<int:session_id>")
@teacher_required
def session(session: ClassSession) -> str:
    """The projector view: join code, QR code, live controls and the dashboard."""
    statements = session_statements(session)
    current = statements[session.current_index] if session.current_index >= 0 else None
    return render_template(
        "teach/session.html",
        session=session,
        statements=statements,
        current=current,
        passage=source_passage(current) if current and session.revealed else None,
        snapshot=live_snapshot(session),
        join_url=url_for("classroom.join_code", code=session.code, _external=True),
        form=ActionForm(),
        is_open=session.is_open(utcnow()),
    )


@bp.get("/sessions/<int:session_id>/live.json")
@teacher_required
def live(session: ClassSession) -> Response:
    """The dashboard's figures as JSON, with an ETag so unchanged polls cost little."""
    etag = change_marker(session)
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache"})
    response = jsonify(live_snapshot(session))
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sessions/<int:session_id>/qr.svg")
@teacher_required
def qr(session: ClassSession) -> Response:
    """A QR code of the session's join link, drawn by segno."""
    buffer = io.BytesIO()
    link = url_for("classroom.join_code", code=session.code, _external=True)
    segno.make(link, error="m").save(buffer, kind="svg", scale=8, border=2, title="Join link")
    response = make_response(buffer.getvalue())
    response.mimetype = "image/svg+xml"
    return response


@bp.post("/sessions/<int:session_id>/next")
@teacher_required
def advance(session: ClassSession) -> Response:
    """Live: move to the next statement."""
    _checked_action()
    _apply(classroom.advance, session)
    return _to_session(session)


@bp.post("/sessions/<int:session_id>/reveal")
@teacher_required
def reveal(session: ClassSession) -> Response:
    """Live: reveal the current statement's answer to everyone."""
    _checked_action()
    _apply(classroom.reveal, session)
    return _to_session(session)


@bp.post("/sessions/<int:session_id>/close")
@teacher_required
def close(session: ClassSession) -> Response:
    """Close the session: no more joins or answers."""
    _checked_action()
    classroom.close(session)
    flash("The session is closed. Results stay available.")
    return _to_session(session)


def _apply(action, session: ClassSession) -> None:
    try:
        action(session)
    except classroom.ClassroomError as error:
        flash(error.message)


@bp.post("/sessions/<int:session_id>/participants/<int:participant_id>/remove")
@teacher_required
def remove_participant(session: ClassSession, participant_id: int) -> Response:
    """Remove a student from the session."""
    _checked_action()
    removed = classroom.remove_participant(session, participant_id)
    if removed is None:
        abort(404)
    flash(f"{removed.nickname} was removed from the session.")
    return _to_session(session)


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@teacher_required
def delete(session: ClassSession) -> str | Response:
    """Confirm, then delete the session with all its answers."""
    form = ActionForm()
    if form.validate_on_submit():
        classroom.delete_session(session)
        flash("The session and its answers were deleted.")
        return redirect(url_for("teach.home"), code=303)
    return render_template("teach/delete.html", session=session, form=form)


@bp.get("/sessions/<int:session_id>/results")
@teacher_required
def results(session: ClassSession) -> str:
    """Per statement, per student, the class matrix and the statements behind a cell."""
    report = session_report(session)
    true, chosen = (
        Label.parse(request.args.get("true", "")),
        Label.parse(request.args.get("chosen", "")),
    )
    return render_template(
        "teach/results.html",
        session=session,
        report=report,
        cell=(true, chosen, report.cell(true, chosen)) if true and chosen else None,
    )


def _csv(text: str, name: str) -> Response:
    response = make_response(text)
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/sessions/<int:session_id>/answers.csv")
@teacher_required
def export_answers(session: ClassSession) -> Response:
    """One row per answer."""
    return _csv(answers_csv(session.code, session_report(session)), f"{session.code}-answers.csv")


@bp.get("/sessions/<int:session_id>/students.csv")
@teacher_required
def export_students(session: ClassSession) -> Response:
    """One row per student."""
    return _csv(students_csv(session.code, session_report(session)), f"{session.code}-students.csv")
