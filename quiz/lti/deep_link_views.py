"""The instructor's side of deep linking: pick an article and a mode, then back to the LMS."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from quiz.library import queries as library
from quiz.lti import deep_linking
from quiz.lti.blueprint import bp
from quiz.lti.forms import DeepLinkForm
from quiz.web.access import teacher_required
from quiz.web.forms import form_status
from quiz.web.security import allow_form_target

EXPIRED = (
    "This content selection has expired or belongs to someone else: start it again in the LMS."
)


@bp.route("/teach/lti/deep-link", methods=["GET", "POST"])
@teacher_required
def deep_link() -> str | tuple[str, int]:
    """The article and mode of a new activity; then a signed link goes back to the LMS."""
    form = DeepLinkForm(link=request.args.get("link", ""))
    link_request = deep_linking.loads(form.link.data or "", current_user.id)
    if link_request is None:
        abort(400, description=EXPIRED)
    form.set_articles(library.articles_for(current_user.id))
    if form.validate_on_submit():
        article = library.visible_article(form.article.data, current_user.id)
        teacher = current_user._get_current_object()
        activity = deep_linking.create_linked_activity(
            link_request, teacher, article, form.chosen_feedback, form.evidence_step.data
        )
        allow_form_target(link_request.return_origin)
        jwt = deep_linking.response_jwt(link_request, activity)
        return render_template("lti/deep_link_return.html", link_request=link_request, jwt=jwt)
    return render_template("lti/deep_link.html", form=form), form_status(form)
