"""Forms of the learner's pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from quiz.labels import Confidence, Label

LABEL_CHOICES = [SelectChoice(label.value, label.title) for label in Label]
CONFIDENCE_CHOICES = [SelectChoice(c.value, c.title) for c in Confidence]


class StartRunForm(FlaskForm):
    """One button that starts a practice run (the form carries the CSRF token)."""


class AnswerForm(FlaskForm):
    """A learner's answer: which statement, which label, and optionally how sure."""

    statement = HiddenField(validators=[InputRequired(), Length(max=80)])
    label = RadioField(
        "Your answer",
        choices=LABEL_CHOICES,
        validators=[InputRequired("Choose Verified, Intelligence claim or Speculation.")],
    )
    confidence = RadioField(
        "How sure are you?", choices=CONFIDENCE_CHOICES, validators=[Optional()]
    )
