"""The teacher's own articles: bring one (paste or upload), review, publish, share, export."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from quiz.analysis.selection import preselect
from quiz.article_files import UnreadableFile, export_zip, read_zip, text_from_upload
from quiz.extensions import db
from quiz.learn.presenters import highlighted_sentence
from quiz.models import Article
from quiz.services import authoring
from quiz.teach import bp
from quiz.teach.forms import ActionForm, ImportForm, NewArticleForm, review_form
from quiz.teach.routes import teacher_required


def _own_article_or_404(slug: str) -> Article:
    article = db.session.scalar(
        select(Article).where(Article.slug == slug, Article.owner_id == current_user.id)
    )
    if article is None:
        abort(404)
    return article


@bp.route("/articles/new", methods=["GET", "POST"])
@teacher_required
def new_article() -> str | Response | tuple[str, int]:
    """Paste or upload an article; the analyser proposes statements for review."""
    form = NewArticleForm()
    if form.validate_on_submit():
        try:
            text = form.text.data or ""
            if form.upload.data:
                text = text_from_upload(form.upload.data.filename, form.upload.data.read())
            draft = authoring.create_draft(
                current_user,
                title=form.title.data,
                outlet=form.outlet.data,
                published=form.published.data,
                source_url=form.source_url.data,
                text=text,
            )
        except (UnreadableFile, authoring.DraftInvalid) as error:
            messages = error.messages if isinstance(error, authoring.DraftInvalid) else [str(error)]
            form.text.errors.extend(messages)
        else:
            return redirect(url_for("teach.review", draft_id=draft.id), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("teach/new_article.html", form=form), status


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
@teacher_required
def review(draft_id: int) -> str | Response | tuple[str, int]:
    """Every sentence with its suggested label, cues and explanation; publish the chosen ones."""
    draft = authoring.owned_draft(draft_id, current_user)
    if draft is None:
        abort(404)
    chosen = set(preselect(draft.analysis, draft.body))
    form = review_form(draft.analysis, chosen, request.form if request.method == "POST" else None)
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            article = authoring.publish(
                draft, _choices(form, len(draft.analysis)), public=form.public.data
            )
        except authoring.DraftInvalid as error:
            problems = error.messages
        else:
            flash("Published. You can now use it for sessions and practice.")
            return redirect(url_for("learn.article", slug=article.slug), code=303)
    rows = [
        (index, sentence, highlighted_sentence(draft.body, sentence))
        for index, sentence in enumerate(draft.analysis)
    ]
    status = 400 if form.is_submitted() else 200
    return render_template(
        "teach/review.html", draft=draft, form=form, rows=rows, problems=problems, chosen=chosen
    ), status


def _choices(form, count: int) -> list[authoring.Choice]:
    return [
        authoring.Choice(
            index=index,
            label=form[f"label_{index}"].data,
            explanation=" ".join((form[f"explanation_{index}"].data or "").split()),
            cues=[c.strip() for c in (form[f"cues_{index}"].data or "").split("|") if c.strip()],
        )
        for index in range(count)
        if form[f"include_{index}"].data
    ]


@bp.post("/drafts/<int:draft_id>/discard")
@teacher_required
def discard(draft_id: int) -> Response:
    """Throw a draft away."""
    draft = authoring.owned_draft(draft_id, current_user)
    if draft is None:
        abort(404)
    if ActionForm().validate_on_submit():
        db.session.delete(draft)
        db.session.commit()
        flash("The draft was discarded.")
    return redirect(url_for("teach.home"), code=303)


@bp.get("/articles/<slug>/export.zip")
@teacher_required
def export_article(slug: str) -> Response:
    """The article as a content/ folder in a zip (the format of the library's own articles)."""
    article = _own_article_or_404(slug)
    response = make_response(export_zip(article))
    response.mimetype = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{article.slug}.zip"'
    return response


@bp.route("/articles/import", methods=["GET", "POST"])
@teacher_required
def import_article() -> str | Response | tuple[str, int]:
    """Add an article from a zip exported before; it is checked like the library's content."""
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        spec, found = read_zip(form.archive.data.read())
        if spec is None:
            problems = [str(p) for p in found]
        else:
            article = authoring.import_article(current_user, spec)
            flash("Imported as a private article.")
            return redirect(url_for("learn.article", slug=article.slug), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("teach/import.html", form=form, problems=problems), status


@bp.post("/articles/<slug>/share")
@teacher_required
def share(slug: str) -> Response:
    """Put the article in the public library."""
    return _set_public(slug, True)


@bp.post("/articles/<slug>/unshare")
@teacher_required
def unshare(slug: str) -> Response:
    """Make the article private again."""
    return _set_public(slug, False)


def _set_public(slug: str, public: bool) -> Response:
    article = _own_article_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    authoring.set_public(article, public)
    flash("Shared in the public library." if public else "The article is private again.")
    return redirect(url_for("teach.home"), code=303)
