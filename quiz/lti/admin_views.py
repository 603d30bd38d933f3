"""The LTI pages of teachers: the tool's URLs for an LMS administrator, and (for admins) the
registered platforms, added and removed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quiz.errors import DomainError
from quiz.lti import platform_keys, platforms
from quiz.lti.blueprint import bp
from quiz.lti.forms import PlatformForm
from quiz.web.access import teacher_required
from quiz.web.addresses import public_url
from quiz.web.forms import ActionForm, form_status


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Teachers made admins (``flask users make-admin``) only: others get 403."""

    @wraps(view)
    @teacher_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            abort(403, description="Only administrators may register LMS platforms.")
        return view(*args, **kwargs)

    return wrapper


def tool_urls() -> dict[str, str]:
    """What an LMS asks for when SourceSense is registered in it."""
    launch = public_url("lti.launch")
    return {
        "Tool URL, target link URI and redirection URI": launch,
        "Initiate login URL (OpenID Connect initiation)": public_url("lti.login"),
        "Public keyset URL (JWKS)": public_url("lti.jwks"),
        "Deep linking (content selection) URL": launch,
    }


@bp.get("/teach/lti")
@teacher_required
def settings() -> str:
    """LTI settings: the tool's URLs to give the LMS."""
    return render_template("lti/settings.html", urls=tool_urls())


@bp.route("/teach/lti/platforms", methods=["GET", "POST"])
@admin_required
def platforms_page() -> str | Response | tuple[str, int]:
    """The registered platforms, and a form to add one."""
    form = PlatformForm()
    if form.validate_on_submit():
        try:
            platform = platforms.add_platform(form.settings())
        except DomainError as error:
            form.issuer.errors.append(error.message)
        else:
            flash(f"{platform.name} is registered.")
            return redirect(url_for("lti.platforms_page"), code=303)
    return render_template(
        "lti/platforms.html",
        form=form,
        platforms=platforms.all_platforms(),
        action_form=ActionForm(),
    ), form_status(form)


@bp.post("/teach/lti/platforms/<int:platform_id>/delete")
@admin_required
def delete_platform(platform_id: int) -> Response:
    """Remove a platform: its launches stop; its activities' sessions and results stay."""
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    if not platforms.remove_platform(platform_id):
        abort(404)
    platform_keys.forget()
    flash("The platform is removed.")
    return redirect(url_for("lti.platforms_page"), code=303)
