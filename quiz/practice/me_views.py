"""Views of self-study over time: progress, review of mistakes, exports of one's answers."""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quiz.analysis.kinds import CueGroup
from quiz.practice import operations, queries
from quiz.practice.blueprint import bp
from quiz.practice.learner_cookie import current_learner, remember_learner
from quiz.practice.models import Learner
from quiz.web.access import viewer_id
from quiz.web.downloads import attachment, csv_bool, iso_time, to_csv
from quiz.web.forms import ActionForm

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
    return current_learner()


@bp.get("/me")
def progress() -> str:
    """Runs over time, accuracy per label, calibration and mastery by cue."""
    learner = _learner()
    return render_template(
        "practice/progress.html",
        figures=queries.learner_progress(learner) if learner else None,
        queue=queries.queue_summary(learner) if learner else queries.QueueSummary(),
        form=ActionForm(),
    )


@bp.post("/me/review")
def review() -> Response:
    """Start a run of the mistakes that are due."""
    learner = _learner()
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    run = operations.start_review(learner) if learner else None
    if run is None:
        flash("Nothing is due for review right now.")
        return redirect(url_for("practice.progress"), code=303)
    return redirect(url_for("practice.question", run_id=run.public_id), code=303)


@bp.post("/me/practice/<group>")
def practise_cues(group: str) -> Response:
    """Start a run of library statements whose cue words are of one group."""
    if group not in set(CueGroup):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    run = operations.start_cue_practice(current_learner(), CueGroup(group), viewer_id())
    if run is None:
        flash("The library has no statements with this kind of cue yet.")
        return redirect(url_for("practice.progress"), code=303)
    remember_learner(run.learner)
    return redirect(url_for("practice.question", run_id=run.public_id), code=303)


def _export_rows() -> list[dict]:
    learner = _learner()
    if learner is None:
        return []
    return [
        {
            "answered_at": iso_time(answer.created_at),
            "run": run.public_id,
            "article": title,
            "statement_id": statement.key,
            "statement": statement.quote,
            "right_label": statement.label.value,
            "chosen_label": answer.chosen.value,
            "correct": answer.correct,
            "confidence": answer.confidence.value if answer.confidence else "",
        }
        for answer, run, statement, title in queries.learner_answers(learner)
    ]


@bp.get("/me/answers.csv")
@login_required
def export_csv() -> Response:
    """All the learner's answers, one row each (yes/no as true/false, as in every export)."""
    rows = [{**row, "correct": csv_bool(row["correct"])} for row in _export_rows()]
    text = to_csv(EXPORT_FIELDS, ([row[f] for f in EXPORT_FIELDS] for row in rows))
    return attachment(text, "text/csv", "my-answers.csv")


@bp.get("/me/answers.json")
@login_required
def export_json() -> Response:
    """All the learner's answers as JSON."""
    body = json.dumps({"account": current_user.name, "answers": _export_rows()}, indent=2)
    return attachment(body, "application/json", "my-answers.json")
