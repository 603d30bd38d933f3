"""Views of self-study: sign-up, progress, review of mistakes, export and deletion."""

from __future__ import annotations

import json

from flask import abort, flash, make_response, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quiz.csv_export import to_csv
from quiz.learn.forms import StartRunForm
from quiz.learn.routes import LEARNER_KEY
from quiz.me import bp
from quiz.me.forms import DeleteAccountForm, LearnerSignupForm
from quiz.models import Learner
from quiz.progress import learner_answers, learner_progress
from quiz.services import accounts, practice, review_queue

EXPORT_FIELDS = [
    "answered_at",
    "run",
    "article",
    "statement_id",
    "statement",
    "right_label",
    "chosen_label",
    "correct",
    "confidence",
]


def _learner() -> Learner | None:
    """This browser's learner: the account's when logged in, else the cookie's."""
    return practice.find_learner(session.get(LEARNER_KEY))


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str | Response | tuple[str, int]:
    """Create a learner account that keeps the runs already made in this browser."""
    form = LearnerSignupForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_learner(form.login.data, form.password.data)
        except accounts.EmailTaken:
            form.login.errors.append("This name is taken. Choose another or log in.")
        else:
            login_user(user)
            learner = accounts.claim_learner(user, session.get(LEARNER_KEY))
            session[LEARNER_KEY] = learner.public_id
            session.permanent = True
            flash("Your account is ready. Your practice so far is kept.")
            return redirect(url_for("me.progress"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("me/signup.html", form=form), status


@bp.get("")
def progress() -> str:
    """Runs over time, accuracy per label, calibration and mastery by cue."""
    learner = _learner()
    figures = learner_progress(learner) if learner else None
    queue = review_queue.queue_summary(learner) if learner else (0, 0, None)
    return render_template("me/progress.html", figures=figures, queue=queue, form=StartRunForm())


@bp.post("/review")
def review() -> Response:
    """Start a run of the mistakes that are due."""
    learner = _learner()
    if not StartRunForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    run = review_queue.start_review(learner) if learner else None
    if run is None:
        flash("Nothing is due for review right now.")
        return redirect(url_for("me.progress"), code=303)
    return redirect(url_for("learn.question", run_id=run.public_id), code=303)


def _export_rows() -> list[dict]:
    learner = _learner()
    if learner is None:
        return []
    return [
        {
            "answered_at": answer.created_at.isoformat(timespec="seconds"),
            "run": run.public_id,
            "article": statement.article.title,
            "statement_id": statement.key,
            "statement": statement.quote,
            "right_label": statement.label,
            "chosen_label": answer.chosen,
            "correct": answer.correct,
            "confidence": answer.confidence or "",
        }
        for answer, run, statement in learner_answers(learner)
    ]


@bp.get("/answers.csv")
@login_required
def export_csv() -> Response:
    """All the learner's answers, one row each."""
    rows = _export_rows()
    text = to_csv(EXPORT_FIELDS, ([row[f] for f in EXPORT_FIELDS] for row in rows))
    response = make_response(text)
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = 'attachment; filename="my-answers.csv"'
    return response


@bp.get("/answers.json")
@login_required
def export_json() -> Response:
    """All the learner's answers as JSON."""
    body = json.dumps({"account": current_user.name, "answers": _export_rows()}, indent=2)
    response = make_response(body)
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = 'attachment; filename="my-answers.json"'
    return response


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete() -> str | Response | tuple[str, int]:
    """Delete the account and all its data, confirmed with the password."""
    if current_user.is_teacher:
        abort(404)
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if accounts.delete_account(current_user._get_current_object(), form.password.data):
            logout_user()
            session.pop(LEARNER_KEY, None)
            flash("Your account and all its data were deleted.")
            return redirect(url_for("learn.index"), code=303)
        form.password.errors.append("The password is wrong.")
    status = 400 if form.is_submitted() else 200
    return render_template("me/delete.html", form=form), status
