"""Views of a forgotten password: ask for a link by email, then choose a new password."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from quiz.accounts import operations, signups, tokens
from quiz.accounts.blueprint import bp
from quiz.accounts.forms import ForgotPasswordForm, NewPasswordForm
from quiz.accounts.models import User
from quiz.extensions import db, limiter
from quiz.mail import mail_configured
from quiz.web.forms import form_status
from quiz.web.limits import password_reset_limit


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(password_reset_limit, methods=["POST"])
def forgot_password() -> str | Response | tuple[str, int]:
    """Ask for a reset link; the answer is the same whether the address has an account."""
    form = ForgotPasswordForm()
    if mail_configured() and form.validate_on_submit():
        user = operations.find_by_login(form.email.data)
        if user is not None and operations.looks_like_email(user.email):
            signups.send_reset_link(user)
        flash("If an account has this address, we sent it a link. It works for an hour.")
        return redirect(url_for("accounts.login"), code=303)
    return render_template(
        "accounts/forgot.html", form=form, by_email=mail_configured()
    ), form_status(form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    """Choose a new password from a single-use link; every log-in of the account ends."""
    user = _user_of_reset_link(token)
    form = NewPasswordForm()
    if form.validate_on_submit():
        operations.set_password(user, form.password.data)
        flash("Your password is changed. Log in with it.")
        return redirect(url_for("accounts.login"), code=303)
    return render_template("accounts/reset.html", form=form), form_status(form)


def _user_of_reset_link(token: str) -> User:
    found = tokens.reset_user_id(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None or not tokens.matches(user, found[1]):
        abort(410, description=signups.EXPIRED)
    return user
