"""Forms of LTI: registering a platform, and the instructor's choice in deep linking."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from quiz.classroom.models import Feedback
from quiz.database import NAME_LENGTH, URL_LENGTH
from quiz.library.models import Article
from quiz.lti.models import LTI_ID_LENGTH
from quiz.lti.platforms import PlatformSettings
from quiz.web.forms import strip


def _url(label: str, description: str) -> StringField:
    return StringField(
        label,
        filters=[strip],
        validators=[InputRequired(), Length(max=URL_LENGTH)],
        description=description,
    )


class PlatformForm(FlaskForm):
    """An LMS's LTI 1.3 registration values, as its tool settings page shows them."""

    name = StringField("Name", filters=[strip], validators=[Optional(), Length(max=NAME_LENGTH)])
    issuer = StringField(
        "Issuer (platform ID)",
        filters=[strip],
        validators=[InputRequired(), Length(max=LTI_ID_LENGTH)],
        description="Moodle: the site's address. Canvas: https://canvas.instructure.com.",
    )
    client_id = StringField(
        "Client ID", filters=[strip], validators=[InputRequired(), Length(max=LTI_ID_LENGTH)]
    )
    deployment_ids = TextAreaField(
        "Deployment IDs",
        validators=[InputRequired(), Length(max=4000)],
        description="One per line.",
    )
    auth_login_url = _url("Authentication request URL", "The platform's OIDC auth endpoint.")
    auth_token_url = _url("Access token URL", "For grade return and the roster.")
    jwks_url = _url("Public keyset URL", "The platform's JWKS.")
    frame_origin = StringField(
        "Show inside the LMS (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=LTI_ID_LENGTH)],
        description="The LMS's address, such as https://moodle.school.example, to let it show "
        "SourceSense in a frame. Empty: activities open in a new window (recommended).",
    )
    keep_email = BooleanField("Keep learners' email addresses when the LMS sends them")

    def settings(self) -> PlatformSettings:
        """The values to register (after validation)."""
        return PlatformSettings(
            name=self.name.data or "",
            issuer=self.issuer.data,
            client_id=self.client_id.data,
            deployment_ids=self.deployment_ids.data.replace(",", "\n").splitlines(),
            auth_login_url=self.auth_login_url.data,
            auth_token_url=self.auth_token_url.data,
            jwks_url=self.jwks_url.data,
            frame_origin=self.frame_origin.data or None,
            keep_email=self.keep_email.data,
        )


class DeepLinkForm(FlaskForm):
    """The article and mode of a new LMS activity."""

    link = HiddenField(validators=[InputRequired()])
    article = RadioField("Article", validators=[InputRequired("Choose an article.")])
    feedback = RadioField(
        "When learners see the answers",
        choices=[
            SelectChoice(Feedback.EACH.value, "After each answer"),
            SelectChoice(Feedback.END.value, "Only at the end"),
        ],
        default=Feedback.EACH.value,
        validators=[InputRequired()],
    )
    evidence_step = BooleanField(
        "Evidence step: after choosing a label, learners mark the words that tell them"
    )

    def set_articles(self, articles: list[Article]) -> None:
        """Offer the articles this teacher may use."""
        self.article.choices = [SelectChoice(a.slug, a.title) for a in articles]

    @property
    def chosen_feedback(self) -> Feedback:
        """When learners see the answers (after validation)."""
        return Feedback(self.feedback.data)
