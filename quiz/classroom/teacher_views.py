"""The teacher's side of classroom sessions: home, new session, the teacher's view of a
session, its settings, results and exports. The class's screen is in projector_views."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quiz.classroom import operations, projector_views, queries
from quiz.classroom.blueprint import bp
from quiz.classroom.exports import answers_csv, students_csv
from quiz.classroom.forms import NewSessionForm
from quiz.classroom.models import ClassSession
from quiz.classroom.teacher_access import MANAGE_VIEW, back, checked_action, with_own_session
from quiz.labels import Label
from quiz.library import queries as library
from quiz.lti.reports import results_context
from quiz.web.access import teacher_required
from quiz.web.downloads import attachment
from quiz.web.forms import ActionForm, form_status


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
        return redirect(url_for("classroom.dashboard", session_id=class_session.id), code=303)
    statements = {s.key: s for s in article.active_statements}
    return render_template(
        "classroom/new_session.html", form=form, article=article, statements=statements
    ), form_status(form)


@bp.get("/teach/sessions/<int:session_id>/manage")
@with_own_session
def manage(class_session: ClassSession) -> str:
    """The teacher's view, not for projecting: students, every statement's answers, the live
    controls, settings, results and exports."""
    return render_template(
        "classroom/manage.html",
        **projector_views.stage_context(class_session),
        statements=queries.session_statements(class_session),
        view=MANAGE_VIEW,
    )


@bp.post("/teach/sessions/<int:session_id>/close")
@with_own_session
def close(class_session: ClassSession) -> Response:
    """Close the session: no more joins or answers (from the projector or the teacher's view)."""
    done = "The session is closed. Results stay available."
    return projector_views.live_action(operations.close, class_session, done)


@bp.post("/teach/sessions/<int:session_id>/lock")
@with_own_session
def lock(class_session: ClassSession) -> Response:
    """No new students may join; those who joined go on."""
    return _set_locked(class_session, True, "The session is locked: no new students can join.")


@bp.post("/teach/sessions/<int:session_id>/unlock")
@with_own_session
def unlock(class_session: ClassSession) -> Response:
    """New students may join again."""
    return _set_locked(class_session, False, "New students can join again.")


def _set_locked(class_session: ClassSession, locked: bool, done: str) -> Response:
    checked_action()
    operations.set_locked(class_session, locked)
    flash(done)
    return back(class_session)


@bp.post("/teach/sessions/<int:session_id>/participants/<int:participant_id>/remove")
@with_own_session
def remove_participant(class_session: ClassSession, participant_id: int) -> Response:
    """Remove a student from the session."""
    checked_action()
    removed = operations.remove_participant(class_session, participant_id)
    if removed is None:
        abort(404)
    flash(f"{removed.nickname} was removed from the session.")
    return back(class_session)


@bp.route("/teach/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@with_own_session
def delete(class_session: ClassSession) -> str | Response:
    """Confirm, then delete the session with all its answers (its owner only: an LMS course's
    other instructors share the session but may not delete it)."""
    if class_session.teacher_id != current_user.id:
        abort(403, description="Only the teacher who opened this session can delete it.")
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
