"""Views of accounts: sign-up, log-in, log-out and deleting a learner's account."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quiz.accounts import operations
from quiz.accounts.blueprint import bp
from quiz.accounts.forms import (
    DeleteAccountForm,
    LearnerSignupForm,
    LoginForm,
    LogoutForm,
    SignupForm,
)
from quiz.extensions import limiter
from quiz.practice.learner_cookie import adopt_browser_runs, forget_learner
from quiz.web.forms import form_status
from quiz.web.limits import failed_login, login_email_key, login_limit, login_limit_per_email


def safe_next(target: str | None, fallback: str) -> str:
    """A same-site path to go to after logging in; anything else goes to the fallback.

    The path comes back as it was parsed, so nothing but a path (and its query) is kept; white
    space and control characters (which could split the Location header) are refused.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return urlunsplit(("", "", parts.path, parts.query, ""))


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str | Response | tuple[str, int]:
    """Create a teacher account and log in."""
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = operations.create_teacher(form.name.data, form.email.data, form.password.data)
        except operations.EmailTaken:
            form.email.errors.append("An account with this email exists. Log in instead.")
        else:
            login_user(user)
            flash(f"Welcome, {user.name}. Your teacher account is ready.")
            return redirect(url_for("classroom.teacher_home"), code=303)
    return render_template("accounts/signup.html", form=form), form_status(form)


@bp.route("/me/signup", methods=["GET", "POST"])
def learner_signup() -> str | Response | tuple[str, int]:
    """Create a learner account that keeps the runs already made in this browser."""
    form = LearnerSignupForm()
    if form.validate_on_submit():
        try:
            user = operations.create_learner(form.login.data, form.password.data)
        except operations.EmailTaken:
            form.login.errors.append("This name is taken. Choose another or log in.")
        else:
            login_user(user)
            adopt_browser_runs(user)
            flash("Your account is ready. Your practice so far is kept.")
            return redirect(url_for("practice.progress"), code=303)
    return render_template("accounts/learner_signup.html", form=form), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_login)
@limiter.limit(
    login_limit_per_email, methods=["POST"], deduct_when=failed_login, key_func=login_email_key
)
def login() -> str | Response | tuple[str, int]:
    """Log in; failed attempts are rate limited per address and per account."""
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            home = url_for("classroom.teacher_home")
            if not user.is_teacher:
                adopt_browser_runs(user)
                home = url_for("practice.progress")
            return redirect(safe_next(request.args.get("next"), home), code=303)
        form.password.errors.append("The email or password is wrong.")
    status = 401 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out (a POST with a CSRF token, so no other site can log you out)."""
    if LogoutForm().validate_on_submit():
        logout_user()
        forget_learner()  # the account's practice stays with the account
        flash("You are logged out.")
    return redirect(url_for("library.index"), code=303)


@bp.route("/me/delete", methods=["GET", "POST"])
@login_required
def delete_learner() -> str | Response | tuple[str, int]:
    """Delete a learner's account and all its data, confirmed with the password."""
    if current_user.is_teacher:
        abort(404)
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if operations.delete_account(current_user._get_current_object(), form.password.data):
            logout_user()
            forget_learner()
            flash("Your account and all its data were deleted.")
            return redirect(url_for("library.index"), code=303)
        form.password.errors.append("The password is wrong.")
    return render_template("accounts/delete.html", form=form), form_status(form)
