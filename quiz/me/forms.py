"""Forms of the self-study pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from quiz.auth.forms import NewPasswordForm, strip


class LearnerSignupForm(NewPasswordForm):
    """A nickname or email and a password: all a learner account needs."""

    login = StringField(
        "Nickname or email",
        filters=[strip],
        validators=[InputRequired(), Length(min=3, max=100)],
        description="You log in with it. No email is needed.",
    )


class DeleteAccountForm(FlaskForm):
    """The password, to confirm deleting the account and all its data."""

    password = PasswordField("Your password", validators=[InputRequired(), Length(max=200)])
