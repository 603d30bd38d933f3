"""Forms of the students' pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import InputRequired, Length

from quiz.learn.forms import LABEL_CHOICES
from quiz.services.classroom import NICKNAME_MAX


class CodeForm(FlaskForm):
    """The join code the teacher shows."""

    code = StringField(
        "Join code",
        validators=[InputRequired("Type the code your teacher shows."), Length(max=12)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class NicknameForm(FlaskForm):
    """The nickname a student goes by in the session (no email, no real name needed)."""

    nickname = StringField(
        "Your nickname",
        validators=[InputRequired("Choose a nickname."), Length(max=NICKNAME_MAX * 4)],
        description=f"Up to {NICKNAME_MAX} characters. Your classmates' teacher sees it.",
        render_kw={"autocomplete": "off", "maxlength": NICKNAME_MAX},
    )


class ClassAnswerForm(FlaskForm):
    """A student's answer to one statement."""

    statement = HiddenField(validators=[InputRequired(), Length(max=80)])
    label = RadioField(
        "Your answer",
        choices=LABEL_CHOICES,
        validators=[InputRequired("Choose Verified, Intelligence claim or Speculation.")],
    )
