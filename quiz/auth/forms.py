"""Forms for teacher accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from quiz.services.accounts import MIN_PASSWORD_LENGTH


def strip(value: str | None) -> str | None:
    """Drop surrounding white space, which people paste by accident."""
    return value.strip() if isinstance(value, str) else value


class NewPasswordForm(FlaskForm):
    """A new password of at least ten characters, typed twice."""

    password = PasswordField(
        "Password",
        validators=[
            InputRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
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

    name = StringField("Your name", filters=[strip], validators=[InputRequired(), Length(max=100)])
    email = EmailField(
        "Email", filters=[strip], validators=[InputRequired(), Email(), Length(max=254)]
    )


class LoginForm(FlaskForm):
    """Email, password and "remember me"."""

    email = StringField(
        "Email or nickname", filters=[strip], validators=[InputRequired(), Length(max=254)]
    )
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])
    remember = BooleanField("Remember me on this device")


class LogoutForm(FlaskForm):
    """One button that logs out (the form carries the CSRF token)."""
