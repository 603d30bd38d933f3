"""Views of teacher accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quiz.auth import bp
from quiz.auth.forms import LoginForm, LogoutForm, SignupForm
from quiz.extensions import limiter
from quiz.learn.routes import LEARNER_KEY
from quiz.limits import failed_login, login_email_key, login_limit, login_limit_per_email
from quiz.services import accounts


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """A same-site path to go to after logging in; anything else goes to the fallback."""
    fallback = fallback or url_for("teach.home")
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else fallback


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str | Response:
    """Create a teacher account and log in."""
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_teacher(form.name.data, form.email.data, form.password.data)
        except accounts.EmailTaken:
            form.email.errors.append("An account with this email exists. Log in instead.")
        else:
            login_user(user)
            flash(f"Welcome, {user.name}. Your teacher account is ready.")
            return redirect(url_for("teach.home"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/signup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_login)
@limiter.limit(
    login_limit_per_email, methods=["POST"], deduct_when=failed_login, key_func=login_email_key
)
def login() -> str | Response:
    """Log a teacher in; failed attempts are rate limited per address and per account."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            home = url_for("teach.home")
            if not user.is_teacher:
                learner = accounts.claim_learner(user, session.get(LEARNER_KEY))
                session[LEARNER_KEY] = learner.public_id
                session.permanent = True
                home = url_for("me.progress")
            return redirect(safe_next(request.args.get("next"), home), code=303)
        form.password.errors.append("The email or password is wrong.")
    status = 401 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out (a POST with a CSRF token, so no other site can log you out)."""
    if LogoutForm().validate_on_submit():
        logout_user()
        session.pop(LEARNER_KEY, None)  # the account's practice stays with the account
        flash("You are logged out.")
    return redirect(url_for("learn.index"), code=303)
