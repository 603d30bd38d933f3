"""Views of signing up, logging in and logging out."""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quiz.accounts import operations, signups, tokens
from quiz.accounts.blueprint import bp
from quiz.accounts.forms import (
    EmailSignupForm,
    LearnerSignupForm,
    LoginForm,
    LogoutForm,
    NewPasswordForm,
    SignupForm,
)
from quiz.accounts.models import Role, User
from quiz.extensions import limiter
from quiz.mail import mail_configured
from quiz.practice.learner_cookie import adopt_browser_runs, forget_learner
from quiz.web.forms import form_status
from quiz.web.limits import (
    failed_login,
    learner_signup_limit,
    login_email_key,
    login_limit,
    login_limit_per_account,
    signup_limit,
)

NO_MAIL_FOR_LEARNERS = (
    "This server sends no email, so it cannot check an address: sign up with a nickname "
    "(without @)."
)


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


def start_login(user: User, *, remember: bool) -> None:
    """Log the browser in with a new log-in session and a new CSRF token."""
    session.pop("csrf_token", None)  # a token from before the log-in is not accepted after it
    operations.log_in(user, remember=remember)
    login_user(user, remember=remember)
    if not user.is_teacher:
        adopt_browser_runs(user)


def home_of(user: User) -> str:
    """Where a user lands after logging in."""
    return url_for("classroom.teacher_home" if user.is_teacher else "practice.progress")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(signup_limit, methods=["POST"])
def signup() -> str | Response | tuple[str, int]:
    """A teacher signs up; the answer is the same for an address with an account or without."""
    by_email = mail_configured()
    form = EmailSignupForm() if by_email else SignupForm()
    if form.validate_on_submit():
        if by_email:
            signups.request_signup(form.name.data, form.email.data, Role.TEACHER)
        else:
            _create_teacher_quietly(form)
        return redirect(url_for("accounts.signup_sent"), code=303)
    return render_template("accounts/signup.html", form=form, by_email=by_email), form_status(form)


def _create_teacher_quietly(form: SignupForm) -> None:
    # The next page reads the same either way: nothing tells whether the address had an account.
    with suppress(operations.EmailTaken):
        operations.create_teacher(form.name.data, form.email.data, form.password.data)


@bp.get("/signup/sent")
def signup_sent() -> str:
    """What happens next: check your email, or log in."""
    return render_template("accounts/signup_sent.html", by_email=mail_configured())


@bp.route("/signup/finish/<token>", methods=["GET", "POST"])
def finish_signup(token: str) -> str | Response | tuple[str, int]:
    """The owner of the address chooses a password, and the account is made."""
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = signups.finish_signup(token, form.password.data)
        except operations.EmailTaken:
            flash("This account exists already: log in with its password.")
            return redirect(url_for("accounts.login"), code=303)
        if user is None:
            abort(410, description=signups.EXPIRED)
        start_login(user, remember=False)
        flash(f"Welcome, {user.name}. Your account is ready.")
        return redirect(home_of(user), code=303)
    if tokens.pending_signup(token) is None:
        abort(410, description=signups.EXPIRED)
    return render_template("accounts/finish_signup.html", form=form), form_status(form)


@bp.route("/me/signup", methods=["GET", "POST"])
@limiter.limit(learner_signup_limit, methods=["POST"])
def learner_signup() -> str | Response | tuple[str, int]:
    """A learner account that keeps the runs already made in this browser."""
    form = LearnerSignupForm()
    if form.validate_on_submit():
        if form.by_email:
            return _learner_signup_by_email(form)
        try:
            user = operations.create_learner(form.login.data, form.password.data)
        except operations.EmailTaken:
            form.login.errors.append("This name is taken. Choose another or log in.")
        else:
            start_login(user, remember=False)
            flash("Your account is ready. Your practice so far is kept.")
            return redirect(url_for("practice.progress"), code=303)
    return _learner_signup_page(form)


def _learner_signup_by_email(form: LearnerSignupForm) -> Response | tuple[str, int]:
    if not mail_configured():
        form.login.errors.append(NO_MAIL_FOR_LEARNERS)
        return _learner_signup_page(form)
    signups.request_signup(form.login.data, form.login.data, Role.LEARNER)
    return redirect(url_for("accounts.signup_sent"), code=303)


def _learner_signup_page(form: LearnerSignupForm) -> tuple[str, int]:
    return render_template(
        "accounts/learner_signup.html", form=form, by_email=mail_configured()
    ), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_login)
@limiter.limit(
    login_limit_per_account, methods=["POST"], deduct_when=failed_login, key_func=login_email_key
)
def login() -> str | Response | tuple[str, int]:
    """Log in; failed attempts are rate limited per address and per account."""
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_login(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), home_of(user)), code=303)
        form.password.errors.append("The email or password is wrong.")
    status = 401 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out: this browser's log-in session ends on the server, so no copy of its cookies
    works any more (a POST with a CSRF token, so no other site can log you out)."""
    if LogoutForm().validate_on_submit():
        operations.log_out(current_user)
        logout_user()
        forget_learner()
        flash("You are logged out.")
    return redirect(url_for("library.index"), code=303)
