"""Forms of the library's teacher pages: bring an article, review it, import one."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, Optional

from quiz.database import OUTLET_LENGTH, TITLE_LENGTH, URL_LENGTH
from quiz.labels import Label
from quiz.library.drafting import Choice
from quiz.library.importing import HOLD_LIMIT, Match
from quiz.web.forms import LABEL_CHOICES, strip

MAX_PASTE = 300_000
CUE_SEPARATOR = "|"
COPY = "copy"
UPDATE_PREFIX = "update:"


class NewArticleForm(FlaskForm):
    """An article a teacher brings: pasted text or an uploaded file, with its details."""

    title = StringField(
        "Title", filters=[strip], validators=[InputRequired(), Length(max=TITLE_LENGTH)]
    )
    outlet = StringField(
        "Outlet",
        filters=[strip],
        validators=[InputRequired(), Length(max=OUTLET_LENGTH)],
        description="Who published it.",
    )
    published = DateField("Published on", validators=[Optional()])
    source_url = URLField(
        "Source address",
        filters=[strip],
        validators=[Optional(), URL(require_tld=False), Length(max=URL_LENGTH)],
        description="The web address of the original, if there is one.",
    )
    text = TextAreaField(
        "Article text",
        validators=[Optional(), Length(max=MAX_PASTE)],
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


class ImportChoiceForm(FlaskForm):
    """What to do with an archive like an article already here: update it, or import a copy."""

    held = HiddenField(validators=[Optional(), Length(max=HOLD_LIMIT)])
    archive = FileField(
        "Article archive (.zip), once more",
        validators=[FileAllowed(["zip"], "Upload a .zip file.")],
        description="The archive is too large to keep while you choose: select it again.",
    )
    choice = RadioField(
        "What should happen?", validators=[InputRequired("Choose what to do with the archive.")]
    )

    def offer(self, matches: list[Match], title_of_copy: str) -> None:
        """Update for each of the teacher's own matching articles, and a copy."""
        self.choice.choices = [
            SelectChoice(
                f"{UPDATE_PREFIX}{m.article.slug}",
                f"Update my article “{m.article.title}”: replace its text and statements "
                "(past answers stay)",
            )
            for m in matches
            if m.own
        ] + [SelectChoice(COPY, f"Import a copy titled “{title_of_copy}”")]


class SentenceReview(Form):
    """The teacher's decision on one analysed sentence."""

    include = BooleanField("Use as a statement")
    label = SelectField("Label", choices=LABEL_CHOICES, validators=[InputRequired()])
    cues = StringField(
        f"Cue words (separate with {CUE_SEPARATOR})", filters=[strip], validators=[Length(max=500)]
    )
    explanation = TextAreaField("Explanation", validators=[Length(max=2000)])
    verify_note = TextAreaField(
        "How could a learner check it? (for statements that are not verified)",
        filters=[strip],
        validators=[Length(max=1000)],
    )


class ReviewForm(FlaskForm):
    """Every sentence of a draft with include, label, cues and explanation; and sharing."""

    sentences = FieldList(FormField(SentenceReview))
    public = BooleanField("Share it in the public library (otherwise only you can use it)")

    def choices(self) -> list[Choice]:
        """The ticked sentences as the teacher left them."""
        return [
            Choice(
                index=index,
                label=Label(entry.form.label.data),
                explanation=" ".join((entry.explanation.data or "").split()),
                verify_note=" ".join((entry.verify_note.data or "").split()) or None,
                cue_phrases=tuple(
                    phrase.strip()
                    for phrase in (entry.cues.data or "").split(CUE_SEPARATOR)
                    if phrase.strip()
                ),
            )
            for index, entry in enumerate(self.sentences.entries)
            if entry.include.data
        ]


def review_form(sentences: list[dict[str, Any]], chosen: set[int], submitted: bool) -> ReviewForm:
    """The review form of a draft: the analyser's suggestions, or what the teacher posted."""
    count = len(sentences)

    class DraftReviewForm(ReviewForm):
        sentences = FieldList(FormField(SentenceReview), min_entries=count, max_entries=count)

    if submitted:
        return DraftReviewForm()
    suggestions = [_suggestion(sentence, i in chosen) for i, sentence in enumerate(sentences)]
    return DraftReviewForm(data={"sentences": suggestions})


def _suggestion(sentence: dict[str, Any], include: bool) -> dict[str, Any]:
    label = Label.parse(sentence["label"]) or Label.VERIFIED
    return {
        "include": include,
        "label": label.value,
        "cues": f" {CUE_SEPARATOR} ".join(cue["text"] for cue in sentence["cues"]),
        "explanation": sentence["explanation"],
    }
