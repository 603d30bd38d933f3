"""Forms of accounts: sign-up for teachers and learners, log-in, log-out, deletion."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from quiz.accounts.operations import MIN_PASSWORD_LENGTH, looks_like_email
from quiz.database import EMAIL_LENGTH, NAME_LENGTH
from quiz.web.forms import strip

MAX_PASSWORD_LENGTH = 200


def new_password_field(label: str = "Password") -> PasswordField:
    """A field for a new password of at least ten characters."""
    return PasswordField(
        label,
        validators=[
            InputRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Use at least {MIN_PASSWORD_LENGTH} characters.",
            ),
        ],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )


class NewPasswordForm(FlaskForm):
    """A new password of at least ten characters, typed twice."""

    password = new_password_field()
    confirm = PasswordField(
        "Repeat the password",
        validators=[InputRequired(), EqualTo("password", message="The passwords differ.")],
    )


class EmailSignupForm(FlaskForm):
    """A teacher's name and email: the password is chosen from the link we email."""

    name = StringField(
        "Your name", filters=[strip], validators=[InputRequired(), Length(max=NAME_LENGTH)]
    )
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[InputRequired(), Email(), Length(max=EMAIL_LENGTH)],
        description="We email you a link to choose your password.",
    )


class SignupForm(NewPasswordForm, EmailSignupForm):
    """A teacher's name, email and password (where the server sends no email)."""


class LearnerSignupForm(FlaskForm):
    """A nickname and a password, or an email address (we then email a link)."""

    login = StringField(
        "Nickname or email",
        filters=[strip],
        validators=[InputRequired(), Length(min=3, max=NAME_LENGTH)],
        description="You log in with it. A nickname needs no email, but then a forgotten "
        "password cannot be recovered.",
    )
    password = PasswordField(
        "Password",
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters. With an email, leave it "
        "empty: the link we send lets you choose it.",
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[EqualTo("password", message="The passwords differ.")],
    )

    @property
    def by_email(self) -> bool:
        """Whether the learner gave an email address rather than a nickname."""
        return looks_like_email(self.login.data or "")

    def validate(self, extra_validators: dict | None = None) -> bool:
        """A nickname needs a password; an email address does not."""
        if not super().validate(extra_validators):
            return False
        if not self.by_email and not self.password.data:
            self.password.errors.append("Choose a password for your nickname.")
            return False
        return True


class ChangePasswordForm(NewPasswordForm):
    """The current password, then the new one twice."""

    current = PasswordField(
        "Current password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    password = new_password_field("New password")


class ForgotPasswordForm(FlaskForm):
    """The email address of the account whose password was forgotten."""

    email = EmailField(
        "Email", filters=[strip], validators=[InputRequired(), Email(), Length(max=EMAIL_LENGTH)]
    )


class LoginForm(FlaskForm):
    """Email (or a learner's nickname), password and "remember me"."""

    email = StringField(
        "Email or nickname",
        filters=[strip],
        validators=[InputRequired(), Length(max=EMAIL_LENGTH)],
    )
    password = PasswordField(
        "Password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    remember = BooleanField("Remember me on this device")


class LogoutForm(FlaskForm):
    """One button that logs out (the form carries the CSRF token)."""


class DeleteAccountForm(FlaskForm):
    """The password, to confirm deleting the account and all its data."""

    password = PasswordField(
        "Your password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
