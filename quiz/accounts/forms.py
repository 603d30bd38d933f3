"""Forms of accounts: sign-up for teachers and learners, log-in, log-out, deletion."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from quiz.accounts.operations import MIN_PASSWORD_LENGTH
from quiz.database import EMAIL_LENGTH, NAME_LENGTH
from quiz.web.forms import strip

MAX_PASSWORD_LENGTH = 200


class NewPasswordForm(FlaskForm):
    """A new password of at least ten characters, typed twice."""

    password = PasswordField(
        "Password",
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
    confirm = PasswordField(
        "Repeat the password",
        validators=[InputRequired(), EqualTo("password", message="The passwords differ.")],
    )


class SignupForm(NewPasswordForm):
    """A teacher's name, email and password."""

    name = StringField(
        "Your name", filters=[strip], validators=[InputRequired(), Length(max=NAME_LENGTH)]
    )
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[InputRequired(), Email(), Length(max=EMAIL_LENGTH)],
    )


class LearnerSignupForm(NewPasswordForm):
    """A nickname or email and a password: all a learner account needs."""

    login = StringField(
        "Nickname or email",
        filters=[strip],
        validators=[InputRequired(), Length(min=3, max=NAME_LENGTH)],
        description="You log in with it. No email is needed.",
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
