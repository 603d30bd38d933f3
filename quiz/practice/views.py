"""Views of the learner's loop: start a run, answer, see feedback and the summary."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from quiz.library.presenters import (
    article_paragraphs,
    context_text,
    evidence_context,
    feedback_context,
    reading_passage,
)
from quiz.library.views import visible_article_or_404
from quiz.practice import operations, queries
from quiz.practice.blueprint import bp
from quiz.practice.forms import AnswerForm
from quiz.practice.learner_cookie import current_learner, remember_learner
from quiz.practice.models import Answer, Run
from quiz.web.access import viewer_id
from quiz.web.forms import ActionForm, EvidenceForm, first_error, form_status


def _own_run_or_404(run_id: str) -> Run:
    run = queries.find_run(run_id, current_learner())
    if run is None:
        abort(404)
    return run


@bp.post("/articles/<slug>/practice")
def start(slug: str) -> Response:
    """Start a practice run on an article in a new shuffled order."""
    article = visible_article_or_404(slug)
    if not article.active_statements:
        abort(404)
    run = operations.start_run(article, current_learner(), viewer_id())
    remember_learner(run.learner)
    return redirect(url_for("practice.question", run_id=run.public_id), code=303)


@bp.get("/runs/<run_id>")
def question(run_id: str) -> str | Response:
    """The next unanswered statement of a run, or the summary when all are answered."""
    run = _own_run_or_404(run_id)
    step = queries.next_step(run)
    if step is None:
        return redirect(url_for("practice.summary", run_id=run_id))
    form = AnswerForm(statement=str(step.statement.id))
    return render_template(
        "practice/question.html",
        run=run,
        step=step,
        total=len(run.statement_ids),
        form=form,
        context=context_text(step.statement),
        reading=reading_passage(step.statement),
    )


@bp.post("/runs/<run_id>/answers")
def answer(run_id: str) -> Response:
    """Store an answer (once) and show its feedback."""
    run = _own_run_or_404(run_id)
    form = AnswerForm()
    if not form.validate():
        abort(400, description=first_error(form))
    outcome = operations.record_answer(run, form.statement.data, form.chosen, form.how_sure)
    if not outcome.created:
        flash("You had already answered this statement; your first answer counts.")
    position = run.statement_ids.index(outcome.answer.statement_id) + 1
    next_page = "practice.evidence" if wants_evidence(outcome.answer) else "practice.feedback"
    return redirect(url_for(next_page, run_id=run_id, position=position), code=303)


def wants_evidence(answer: Answer) -> bool:
    """Self-study asks for the words that tell, once per answer, where the statement has cues."""
    return answer.evidence is None and bool(answer.statement.cues)


@bp.route("/runs/<run_id>/evidence/<int:position>", methods=["GET", "POST"])
def evidence(run_id: str, position: int) -> str | Response | tuple[str, int]:
    """The evidence step: mark the words that tell you, then see the feedback."""
    run = _own_run_or_404(run_id)
    step = queries.step_at(run, position)
    if step is None:
        abort(404)
    if step.answer is None or not wants_evidence(step.answer):
        return redirect(url_for("practice.feedback", run_id=run_id, position=position))
    form = EvidenceForm()
    if form.validate_on_submit():
        operations.record_evidence(step.answer, form.spans())
        return redirect(url_for("practice.feedback", run_id=run_id, position=position), code=303)
    return render_template(
        "practice/evidence.html",
        run=run,
        step=step,
        total=len(run.statement_ids),
        form=form,
        **evidence_context(step.statement),
    ), form_status(form)


@bp.get("/runs/<run_id>/feedback/<int:position>")
def feedback(run_id: str, position: int) -> str | Response:
    """Right or wrong, the right label, the explanation and the marked source passage."""
    run = _own_run_or_404(run_id)
    step = queries.step_at(run, position)
    if step is None:
        abort(404)
    if step.answer is None:
        return redirect(url_for("practice.question", run_id=run_id))
    return render_template(
        "practice/feedback.html",
        run=run,
        step=step,
        total=len(run.statement_ids),
        finished=run.finished_at is not None,
        **feedback_context(step.statement, step.answer),
    )


@bp.get("/runs/<run_id>/summary")
def summary(run_id: str) -> str | Response:
    """Scores, the confusion table, every mistake, and the article labelled."""
    run = _own_run_or_404(run_id)
    if run.finished_at is None:
        return redirect(url_for("practice.question", run_id=run_id))
    steps = queries.steps(run)
    statements = sorted((s.statement for s in steps), key=lambda s: s.start)
    paragraphs = (
        article_paragraphs(run.article, statements, with_labels=True) if run.article else []
    )
    return render_template(
        "practice/summary.html",
        run=run,
        card=queries.scorecard(run),
        mistakes=[s for s in steps if s.answer and not s.answer.correct],
        paragraphs=paragraphs,
        focus=queries.run_focus(run),
        suggestion=queries.suggest_next(run.learner, run),
        good_percent=queries.GOOD_RUN_PERCENT,
        form=ActionForm(),
    )
