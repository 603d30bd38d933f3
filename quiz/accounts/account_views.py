"""Views of one's own account: change the password, log out everywhere, delete the account."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from quiz.accounts import operations
from quiz.accounts.blueprint import bp
from quiz.accounts.forms import ChangePasswordForm, DeleteAccountForm
from quiz.practice.learner_cookie import forget_learner
from quiz.web.forms import ActionForm, form_status


def _account_page(form: ChangePasswordForm, status: int = 200) -> tuple[str, int]:
    return render_template("accounts/account.html", form=form, everywhere_form=ActionForm()), status


@bp.get("/account")
@login_required
def account() -> tuple[str, int]:
    """Password, log-out everywhere, and deleting the account."""
    return _account_page(ChangePasswordForm())


@bp.post("/account/password")
@login_required
def change_password() -> Response | tuple[str, int]:
    """A new password; every other browser logged in to the account is logged out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if operations.change_password(user, form.current.data, form.password.data):
            flash("Your password is changed. Other devices were logged out.")
            return redirect(url_for("accounts.account"), code=303)
        form.current.errors.append("The current password is wrong.")
    return _account_page(form, form_status(form))


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere() -> Response:
    """End every log-in of the account, on every device, this one included."""
    if not ActionForm().validate_on_submit():
        abort(400, description="The form could not be read.")
    operations.log_out_everywhere(current_user._get_current_object())
    logout_user()
    forget_learner()
    flash("You are logged out on every device.")
    return redirect(url_for("library.index"), code=303)


@bp.route("/me/delete", methods=["GET", "POST"])  # the address learners had before
@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account() -> str | Response | tuple[str, int]:
    """Delete the account and its data, confirmed with the password."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if operations.delete_account(current_user._get_current_object(), form.password.data):
            logout_user()
            forget_learner()
            flash("Your account and all its data were deleted.")
            return redirect(url_for("library.index"), code=303)
        form.password.errors.append("The password is wrong.")
    return render_template("accounts/delete.html", form=form), form_status(form)
