"""Forms of the teacher's pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from quiz.learn.forms import LABEL_CHOICES
from quiz.models import FEEDBACK_EACH, FEEDBACK_END, LIVE, SELF_PACED, Statement

LABEL_VALUES = {choice.value for choice in LABEL_CHOICES}

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


class NewArticleForm(FlaskForm):
    """An article a teacher brings: pasted text or an uploaded file, with its details."""

    title = StringField("Title", validators=[InputRequired(), Length(max=300)])
    outlet = StringField(
        "Outlet", validators=[InputRequired(), Length(max=200)], description="Who published it."
    )
    published = DateField("Published on", validators=[Optional()])
    source_url = URLField(
        "Source address",
        validators=[Optional(), URL(require_tld=False), Length(max=1000)],
        description="The web address of the original, if there is one.",
    )
    text = TextAreaField(
        "Article text",
        validators=[Optional(), Length(max=300_000)],
        description="Paste the article (up to 20,000 words), or upload a file below.",
    )
    upload = FileField(
        "Or upload a file",
        validators=[FileAllowed(["txt", "md", "html", "htm"], "Upload a .txt, .md or .html file.")],
        description=".txt, .md or .html (web pages are reduced to their article text).",
    )

    def validate(self, extra_validators: dict | None = None) -> bool:
        """Exactly one of text and upload is needed."""
        if not super().validate(extra_validators):
            return False
        if not (self.text.data or "").strip() and not self.upload.data:
            self.text.errors.append("Paste the article text or upload a file.")
            return False
        return True


class ImportForm(FlaskForm):
    """A content folder exported from SourceSense, as a zip."""

    archive = FileField(
        "Article archive (.zip)",
        validators=[
            FileRequired("Choose a .zip file."),
            FileAllowed(["zip"], "Upload a .zip file."),
        ],
    )


def review_form(sentences: list[dict], chosen: set[int], data: object | None = None) -> FlaskForm:
    """A form with include, label, cues and explanation for every sentence of a draft."""

    class ReviewForm(FlaskForm):
        public = BooleanField("Share it in the public library (otherwise only you can use it)")

    for index, sentence in enumerate(sentences):
        label = sentence["label"] if sentence["label"] in LABEL_VALUES else "verified"
        setattr(
            ReviewForm,
            f"include_{index}",
            BooleanField("Use as a statement", default=index in chosen),
        )
        setattr(
            ReviewForm,
            f"label_{index}",
            SelectField("Label", choices=LABEL_CHOICES, default=label),
        )
        setattr(
            ReviewForm,
            f"cues_{index}",
            StringField(
                "Cue words (separate with |)",
                default=" | ".join(c["text"] for c in sentence["cues"]),
                validators=[Length(max=500)],
            ),
        )
        setattr(
            ReviewForm,
            f"explanation_{index}",
            TextAreaField(
                "Explanation", default=sentence["explanation"], validators=[Length(max=2000)]
            ),
        )
    return ReviewForm(formdata=data) if data is not None else ReviewForm()
