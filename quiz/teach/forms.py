"""Forms of the teacher's pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from quiz.models import FEEDBACK_EACH, FEEDBACK_END, LIVE, SELF_PACED, Statement

OPEN_FOR = [
    SelectChoice("", "Until I close it"),
    SelectChoice("15", "15 minutes"),
    SelectChoice("30", "30 minutes"),
    SelectChoice("45", "45 minutes"),
    SelectChoice("60", "1 hour"),
    SelectChoice("90", "90 minutes"),
    SelectChoice("1440", "1 day"),
    SelectChoice("10080", "1 week"),
]


class NewSessionForm(FlaskForm):
    """Statements, mode and options of a new classroom session."""

    statements = SelectMultipleField(
        "Statements",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[InputRequired("Choose at least one statement.")],
    )
    mode = RadioField(
        "How the class goes through it",
        choices=[
            SelectChoice(SELF_PACED, "Self-paced: each student at their own pace"),
            SelectChoice(LIVE, "Live: my screen shows one statement at a time"),
        ],
        default=SELF_PACED,
        validators=[InputRequired()],
    )
    shuffle = BooleanField("Shuffle the order", default=True)
    feedback = RadioField(
        "When students see the answers (self-paced)",
        choices=[
            SelectChoice(FEEDBACK_EACH, "After each answer"),
            SelectChoice(FEEDBACK_END, "Only at the end"),
        ],
        default=FEEDBACK_EACH,
        validators=[InputRequired()],
    )
    open_for = SelectField("Close automatically (self-paced)", choices=OPEN_FOR, default="")

    def set_statements(self, statements: list[Statement]) -> None:
        """Offer the article's statements; all are chosen unless the teacher changed that."""
        self.statements.choices = [SelectChoice(s.key, s.quote) for s in statements]
        if not self.is_submitted():
            self.statements.data = [s.key for s in statements]


class ActionForm(FlaskForm):
    """A one-button action (next, reveal, close, remove, delete) with its CSRF token."""
