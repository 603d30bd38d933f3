"""Form helpers every feature's pages share."""

from __future__ import annotations

import json

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from quiz.labels import Label

LABEL_CHOICES = [SelectChoice(label.value, label.title) for label in Label]


class ActionForm(FlaskForm):
    """A one-button action (next, reveal, close, share, delete ...) carrying its CSRF token."""


def form_status(form: FlaskForm) -> int:
    """The status of a page that shows a form: 400 when it came back invalid, else 200."""
    return 400 if form.is_submitted() else 200


def strip(value: str | None) -> str | None:
    """Drop surrounding white space, which people paste by accident (a WTForms filter)."""
    return value.strip() if isinstance(value, str) else value


def first_error(form: FlaskForm) -> str:
    """The first validation message of a form, with its field's label."""
    for field in form:
        if field.errors:
            return f"{field.label.text}: {field.errors[0]}"
    return "The form could not be read."


class EvidenceForm(FlaskForm):
    """The words a learner marks: phrases ticked (without JavaScript) or words tapped (with it,
    sent as JSON offsets in ``marks``)."""

    option = SelectMultipleField("Phrases", choices=[], validate_choice=False)
    marks = HiddenField(validators=[Optional(), Length(max=4000)])

    def spans(self) -> list[list[int]]:
        """The marked spans, from the tapped words or else the ticked phrases (unchecked: the
        evidence step keeps only well-formed spans inside the statement)."""
        if self.marks.data:
            try:
                parsed = json.loads(self.marks.data)
            except ValueError:
                return []
            return parsed if isinstance(parsed, list) else []
        spans = []
        for value in self.option.data or []:
            start, _, end = str(value).partition("-")
            if start.isdigit() and end.isdigit():
                spans.append([int(start), int(end)])
        return spans
