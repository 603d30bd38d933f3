"""Forms of the self-study pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from quiz.auth.forms import strip
from quiz.services.accounts import MIN_PASSWORD_LENGTH


class LearnerSignupForm(FlaskForm):
    """A nickname or email and a password: all a learner account needs."""

    login = StringField(
        "Nickname or email",
        filters=[strip],
        validators=[InputRequired(), Length(min=3, max=100)],
        description="You log in with it. No email is needed.",
    )
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


class DeleteAccountForm(FlaskForm):
    """The password, to confirm deleting the account and all its data."""

    password = PasswordField("Your password", validators=[InputRequired(), Length(max=200)])
