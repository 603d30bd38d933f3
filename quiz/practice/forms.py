"""Forms of self-study."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from quiz.database import SLUG_LENGTH
from quiz.labels import Confidence, Label
from quiz.web.forms import LABEL_CHOICES

CONFIDENCE_CHOICES = [SelectChoice(c.value, c.title) for c in Confidence]


class AnswerForm(FlaskForm):
    """A learner's answer: which statement, which label, and optionally how sure."""

    statement = HiddenField(validators=[InputRequired(), Length(max=SLUG_LENGTH)])
    label = RadioField(
        "Your answer",
        choices=LABEL_CHOICES,
        validators=[InputRequired("Choose Verified, Intelligence claim or Speculation.")],
    )
    confidence = RadioField(
        "How sure are you?", choices=CONFIDENCE_CHOICES, validators=[Optional()]
    )

    @property
    def chosen(self) -> Label:
        """The label chosen (after validation)."""
        return Label(self.label.data)

    @property
    def how_sure(self) -> Confidence | None:
        """The confidence given, if any (after validation; blank means not given)."""
        value = (self.confidence.data or "").strip()
        return Confidence(value) if value in set(Confidence) else None
