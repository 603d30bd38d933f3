"""Forms of classroom sessions: the students' join and answer, the teacher's new session."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from quiz.classroom.models import Feedback, SessionMode
from quiz.database import NICKNAME_LENGTH, SLUG_LENGTH
from quiz.labels import Label
from quiz.library.models import Statement
from quiz.web.forms import LABEL_CHOICES

MAX_CODE_TYPED = 12

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


class CodeForm(FlaskForm):
    """The join code the teacher shows."""

    code = StringField(
        "Join code",
        validators=[InputRequired("Type the code your teacher shows."), Length(max=MAX_CODE_TYPED)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class NicknameForm(FlaskForm):
    """The nickname a student goes by in the session (no email, no real name needed)."""

    nickname = StringField(
        "Your nickname",
        validators=[InputRequired("Choose a nickname."), Length(max=NICKNAME_LENGTH * 4)],
        description=(
            f"Up to {NICKNAME_LENGTH} characters. Your teacher and your class see it; "
            "you do not need your real name."
        ),
        render_kw={"autocomplete": "off", "maxlength": NICKNAME_LENGTH},
    )


class ClassAnswerForm(FlaskForm):
    """A student's answer to one statement."""

    statement = HiddenField(validators=[InputRequired(), Length(max=SLUG_LENGTH)])
    label = RadioField(
        "Your answer",
        choices=LABEL_CHOICES,
        validators=[InputRequired("Choose Verified, Intelligence claim or Speculation.")],
    )

    @property
    def chosen(self) -> Label:
        """The label chosen (after validation)."""
        return Label(self.label.data)


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
            SelectChoice(
                SessionMode.SELF_PACED.value, "Self-paced: each student at their own pace"
            ),
            SelectChoice(SessionMode.LIVE.value, "Live: my screen shows one statement at a time"),
        ],
        default=SessionMode.SELF_PACED.value,
        validators=[InputRequired()],
    )
    shuffle = BooleanField("Shuffle the order", default=True)
    feedback = RadioField(
        "When students see the answers (self-paced)",
        choices=[
            SelectChoice(Feedback.EACH.value, "After each answer"),
            SelectChoice(Feedback.END.value, "Only at the end"),
        ],
        default=Feedback.EACH.value,
        validators=[InputRequired()],
    )
    open_for = SelectField("Close automatically (self-paced)", choices=OPEN_FOR, default="")
    evidence_step = BooleanField(
        "Evidence step: after choosing a label, students mark the words that tell them",
        default=False,
    )

    def set_statements(self, statements: list[Statement]) -> None:
        """Offer the article's statements; all are chosen unless the teacher changed that."""
        self.statements.choices = [SelectChoice(s.key, s.quote) for s in statements]
        if not self.is_submitted():
            self.statements.data = [s.key for s in statements]

    @property
    def chosen_mode(self) -> SessionMode:
        """The mode chosen (after validation)."""
        return SessionMode(self.mode.data)

    @property
    def chosen_feedback(self) -> Feedback:
        """When students see the answers (after validation)."""
        return Feedback(self.feedback.data)

    @property
    def open_minutes(self) -> int | None:
        """How long the session stays open, if the teacher chose a limit."""
        return int(self.open_for.data) if self.open_for.data else None
