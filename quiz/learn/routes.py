"""Views of the learner's loop: thin wrappers around quiz.services.practice."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from quiz.extensions import db
from quiz.labels import Confidence, Label
from quiz.learn import bp
from quiz.learn.forms import AnswerForm, StartRunForm
from quiz.learn.presenters import article_paragraphs, source_passage, statement_anchor
from quiz.models import Article, Run, Statement
from quiz.services import practice

LEARNER_KEY = "learner"


def _viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _article_or_404(slug: str) -> Article:
    """The article, if it is public or the logged-in teacher's own."""
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None or not article.visible_to(_viewer_id()):
        abort(404)
    return article


def _own_run_or_404(run_id: str) -> Run:
    run = practice.find_run(run_id, session.get(LEARNER_KEY))
    if run is None:
        abort(404)
    return run


@bp.get("/")
def index() -> str:
    """The library of articles and a short guide to the three labels."""
    counts = (
        select(Article, func.count(Statement.id))
        .outerjoin(Statement, (Statement.article_id == Article.id) & Statement.active)
        .where(Article.visible_clause(_viewer_id()))
        .group_by(Article.id)
        .order_by(Article.published.desc().nulls_last(), Article.title)
    )
    return render_template("learn/index.html", library=db.session.execute(counts).all())


@bp.get("/healthz")
def healthz() -> Response:
    """A trivial check for load balancers and the benchmark's baseline."""
    return Response("ok\n", mimetype="text/plain")


@bp.get("/articles/<slug>")
def article(slug: str) -> str:
    """The full article, each statement anchored so feedback can link to it."""
    article = _article_or_404(slug)
    paragraphs = article_paragraphs(article, article.active_statements, with_labels=False)
    return render_template(
        "learn/article.html", article=article, paragraphs=paragraphs, form=StartRunForm()
    )


@bp.post("/articles/<slug>/practice")
def start(slug: str) -> Response:
    """Start a practice run on an article in a new shuffled order."""
    article = _article_or_404(slug)
    if not article.active_statements:
        abort(404)
    run = practice.start_run(article, session.get(LEARNER_KEY))
    session[LEARNER_KEY] = run.learner.public_id
    session.permanent = True
    return redirect(url_for("learn.question", run_id=run.public_id), code=303)


@bp.get("/runs/<run_id>")
def question(run_id: str) -> str | Response:
    """The next unanswered statement of a run, or the summary when all are answered."""
    run = _own_run_or_404(run_id)
    step = practice.next_step(run)
    if step is None:
        return redirect(url_for("learn.summary", run_id=run_id))
    form = AnswerForm(statement=str(step.statement.id))
    return render_template(
        "learn/question.html", run=run, step=step, total=len(run.statement_ids), form=form
    )


@bp.post("/runs/<run_id>/answers")
def answer(run_id: str) -> Response:
    """Store an answer (once) and show its feedback."""
    run = _own_run_or_404(run_id)
    form = AnswerForm()
    if not form.validate():
        abort(400, description=_first_error(form))
    confidence = Confidence(form.confidence.data) if form.confidence.data else None
    try:
        outcome = practice.record_answer(
            run, form.statement.data, Label(form.label.data), confidence
        )
    except practice.StatementNotInRun:
        abort(400, description="That statement is not part of this practice run.")
    if not outcome.created:
        flash("You had already answered this statement; your first answer counts.")
    position = run.statement_ids.index(outcome.answer.statement_id) + 1
    return redirect(url_for("learn.feedback", run_id=run_id, position=position), code=303)


def _first_error(form: AnswerForm) -> str:
    for field in form:
        if field.errors:
            return f"{field.label.text}: {field.errors[0]}"
    return "The answer could not be read."


@bp.get("/runs/<run_id>/feedback/<int:position>")
def feedback(run_id: str, position: int) -> str | Response:
    """Right or wrong, the right label, the explanation and the marked source passage."""
    run = _own_run_or_404(run_id)
    step = practice.step_at(run, position)
    if step is None:
        abort(404)
    if step.answer is None:
        return redirect(url_for("learn.question", run_id=run_id))
    return render_template(
        "learn/feedback.html",
        run=run,
        step=step,
        total=len(run.statement_ids),
        passage=source_passage(step.statement),
        anchor=statement_anchor(step.statement),
        finished=run.finished_at is not None,
    )


@bp.get("/runs/<run_id>/summary")
def summary(run_id: str) -> str | Response:
    """Scores, the confusion table, every mistake, and the article labelled."""
    run = _own_run_or_404(run_id)
    if run.finished_at is None:
        return redirect(url_for("learn.question", run_id=run_id))
    steps = practice.steps(run)
    statements = sorted((s.statement for s in steps), key=lambda s: s.start)
    paragraphs = (
        article_paragraphs(run.article, statements, with_labels=True) if run.article else []
    )
    return render_template(
        "learn/summary.html",
        run=run,
        card=practice.scorecard(run),
        mistakes=[s for s in steps if s.answer and not s.answer.correct],
        paragraphs=paragraphs,
        form=StartRunForm(),
    )
