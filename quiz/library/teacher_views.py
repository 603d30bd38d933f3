"""The teacher's own articles: bring one (paste or upload), review, publish, share, export."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quiz.analysis.selection import confidence_words, preselect, review_order
from quiz.library import importing, operations, queries
from quiz.library.archives import UnreadableFile, export_zip, read_zip, text_from_upload
from quiz.library.blueprint import bp
from quiz.library.content_files import ArticleSpec
from quiz.library.drafting import DraftInvalid
from quiz.library.forms import (
    COPY,
    UPDATE_PREFIX,
    ImportChoiceForm,
    ImportForm,
    NewArticleForm,
    ReviewForm,
    review_form,
)
from quiz.library.models import Article, ArticleDraft
from quiz.library.presenters import article_paragraphs, highlighted_sentence
from quiz.web.access import teacher_required
from quiz.web.downloads import attachment
from quiz.web.forms import ActionForm, form_status


def _own_article_or_404(slug: str) -> Article:
    article = queries.own_article(slug, current_user.id)
    if article is None:
        abort(404)
    return article


def _own_draft_or_404(draft_id: int) -> ArticleDraft:
    draft = queries.own_draft(draft_id, current_user.id)
    if draft is None:
        abort(404)
    return draft


@bp.route("/teach/articles/new", methods=["GET", "POST"])
@teacher_required
def new_article() -> str | Response | tuple[str, int]:
    """Paste or upload an article; the analyser proposes statements for review."""
    form = NewArticleForm()
    if form.validate_on_submit():
        try:
            draft = operations.create_draft(current_user, text=_text_of(form), **_details(form))
        except UnreadableFile as error:
            form.text.errors.append(str(error))
        except DraftInvalid as error:
            form.text.errors.extend(error.messages)
        else:
            return redirect(url_for("library.review_draft", draft_id=draft.id), code=303)
    return render_template("library/new_article.html", form=form), form_status(form)


def _text_of(form: NewArticleForm) -> str:
    upload = form.upload.data
    return text_from_upload(upload.filename, upload.read()) if upload else form.text.data or ""


def _details(form: NewArticleForm) -> dict:
    return {
        "title": form.title.data,
        "outlet": form.outlet.data,
        "published": form.published.data,
        "source_url": form.source_url.data,
    }


@bp.route("/teach/drafts/<int:draft_id>", methods=["GET", "POST"])
@teacher_required
def review_draft(draft_id: int) -> str | Response | tuple[str, int]:
    """Every sentence with its suggested label, cues and explanation; publish the chosen ones."""
    draft = _own_draft_or_404(draft_id)
    chosen = set(preselect(draft.analysis, draft.body))
    form = review_form(draft.analysis, chosen, submitted=request.method == "POST")
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            article = operations.publish(draft, form.choices(), public=form.public.data)
        except DraftInvalid as error:
            problems = error.messages
        else:
            flash("Published. You can now use it for sessions and practice.")
            return redirect(url_for("library.article", slug=article.slug), code=303)
    return _review_page(draft, form, problems), form_status(form)


def _review_page(draft: ArticleDraft, form: ReviewForm, problems: list[str]) -> str:
    """The review page: the least sure suggestions first."""
    rows = [
        (index, form.sentences.entries[index], draft.analysis[index])
        for index in review_order(draft.analysis)
    ]
    return render_template(
        "library/review.html",
        draft=draft,
        form=form,
        rows=rows,
        problems=problems,
        highlighted=lambda sentence: highlighted_sentence(draft.body, sentence),
        confidence_words=confidence_words,
    )


@bp.post("/teach/drafts/<int:draft_id>/discard")
@teacher_required
def discard_draft(draft_id: int) -> Response:
    """Throw a draft away."""
    draft = _own_draft_or_404(draft_id)
    if ActionForm().validate_on_submit():
        operations.discard_draft(draft)
        flash("The draft was discarded.")
    return redirect(url_for("classroom.teacher_home"), code=303)


@bp.get("/teach/articles/<slug>/worksheet")
@teacher_required
def worksheet(slug: str) -> str:
    """The article's quiz to print: the text and numbered statements, then the answer key on
    a page of its own."""
    article = queries.visible_article(slug, current_user.id)
    if article is None:
        abort(404)
    paragraphs = article_paragraphs(article, [], with_labels=False)
    return render_template("library/worksheet.html", article=article, paragraphs=paragraphs)


@bp.get("/teach/articles/<slug>/export.zip")
@teacher_required
def export_article(slug: str) -> Response:
    """The article as a content/ folder in a zip (the format of the library's own articles)."""
    article = _own_article_or_404(slug)
    return attachment(export_zip(article), "application/zip", f"{article.slug}.zip")


@bp.route("/teach/articles/import", methods=["GET", "POST"])
@teacher_required
def import_article() -> str | Response | tuple[str, int]:
    """Add an article from a zip exported before; it is checked like the library's content.
    An archive like an article already here (same slug or text) asks what to do first."""
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        data = form.archive.data.read()
        spec, found = read_zip(data)
        if spec is None:
            problems = [str(p) for p in found]
        elif alike := importing.matches(spec, current_user.id):
            choice = ImportChoiceForm(formdata=None, held=importing.hold(data, current_user.id))
            choice.offer(alike, importing.copy_title(spec.title, current_user.id))
            return _choice_page(choice, spec, alike, 200)
        else:
            return _imported(operations.import_article(current_user, spec))
    return render_template("library/import.html", form=form, problems=problems), form_status(form)


@bp.post("/teach/articles/import/choice")
@teacher_required
def import_choice() -> str | Response | tuple[str, int]:
    """Update the teacher's own article from the archive, or import it as a copy."""
    form = ImportChoiceForm()
    spec, problems = _archive_of(form)
    if spec is None:
        page = render_template("library/import.html", form=ImportForm(), problems=problems)
        return page, 400
    alike = importing.matches(spec, current_user.id)
    title = importing.copy_title(spec.title, current_user.id)
    form.offer(alike, title)
    if not form.validate_on_submit():
        return _choice_page(form, spec, alike, 400)
    if form.choice.data == COPY:
        return _imported(operations.import_article(current_user, spec, copy_title=title))
    slug = form.choice.data.removeprefix(UPDATE_PREFIX)
    article = next(m.article for m in alike if m.own and m.article.slug == slug)
    operations.update_article(article, spec)
    return _imported(article, "Updated from the archive. Past answers stay.")


def _archive_of(form: ImportChoiceForm) -> tuple[ArticleSpec | None, list[str]]:
    """The archive the choice page held (or the teacher uploaded again), read and checked."""
    if form.held.data:
        data = importing.release(form.held.data, current_user.id)
    else:
        data = form.archive.data.read() if form.archive.data else None
    if data is None:
        return None, ["The upload has expired or could not be read: upload the archive again."]
    spec, found = read_zip(data)
    return spec, [str(p) for p in found]


def _choice_page(
    form: ImportChoiceForm, spec: ArticleSpec, alike: list[importing.Match], status: int
) -> tuple[str, int]:
    return render_template(
        "library/import_choice.html", form=form, spec=spec, matches=alike
    ), status


def _imported(article: Article, message: str = "Imported as a private article.") -> Response:
    flash(message)
    return redirect(url_for("library.article", slug=article.slug), code=303)


@bp.post("/teach/articles/<slug>/share")
@teacher_required
def share(slug: str) -> Response:
    """Put the article in the public library."""
    return _set_public(slug, True)


@bp.post("/teach/articles/<slug>/unshare")
@teacher_required
def unshare(slug: str) -> Response:
    """Make the article private again."""
    return _set_public(slug, False)


def _set_public(slug: str, public: bool) -> Response:
    article = _own_article_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    operations.set_public(article, public)
    flash("Shared in the public library." if public else "The article is private again.")
    return redirect(url_for("classroom.teacher_home"), code=303)
