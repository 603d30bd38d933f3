"""The claims of a validated LTI 1.3 launch, read with their types (LTI Core 1.3, Deep Linking
2.0, AGS 2.0, NRPS 2.0)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
VERSION = "1.3.0"
# The custom parameter of the tool's deep links that names the activity.
ACTIVITY_PARAMETER = "sourcesense_activity"
RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
MESSAGE_TYPES = (RESOURCE_LINK, DEEP_LINKING_REQUEST)

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
# Context roles that may add activities and see results (full URIs; LTI 1.3 deprecates the
# short names but platforms still send them).
INSTRUCTOR_ROLES = {
    MEMBERSHIP + "Instructor",
    MEMBERSHIP + "Administrator",
    MEMBERSHIP + "ContentDeveloper",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
    "Instructor",
    "Administrator",
    "ContentDeveloper",
}
LEARNER_ROLES = {MEMBERSHIP + "Learner", "Learner"}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Launch:
    """A launch's id_token claims, after every check passed."""

    claims: dict[str, Any]

    def lti(self, name: str) -> Any:
        """An LTI Core claim by its short name."""
        return self.claims.get(LTI + name)

    @property
    def sub(self) -> str:
        """The LMS user's stable id."""
        return _text(self.claims.get("sub"))

    @property
    def message_type(self) -> str:
        """LtiResourceLinkRequest or LtiDeepLinkingRequest."""
        return _text(self.lti("message_type"))

    @property
    def deployment_id(self) -> str:
        """The deployment of the tool in the platform."""
        return _text(self.lti("deployment_id"))

    @property
    def roles(self) -> set[str]:
        """The user's roles (URIs)."""
        roles = self.lti("roles")
        return {r for r in roles if isinstance(r, str)} if isinstance(roles, list) else set()

    @property
    def is_instructor(self) -> bool:
        """Whether the user teaches the course (or administers it)."""
        return bool(self.roles & INSTRUCTOR_ROLES)

    @property
    def context_id(self) -> str:
        """The LMS course's id."""
        return _text(_dict(self.lti("context")).get("id"))

    @property
    def context_title(self) -> str:
        """The course's title, or its label."""
        context = _dict(self.lti("context"))
        return (_text(context.get("title")) or _text(context.get("label")))[:300]

    @property
    def resource_link_id(self) -> str:
        """The LMS's id of the activity launched."""
        return _text(_dict(self.lti("resource_link")).get("id"))

    @property
    def custom(self) -> dict[str, Any]:
        """The custom parameters (those the tool put in its deep link among them)."""
        return _dict(self.lti("custom"))

    @property
    def document_target(self) -> str:
        """Where the LMS shows the tool: iframe, frame or window ("" when unsaid)."""
        return _text(_dict(self.lti("launch_presentation")).get("document_target"))

    def person(self) -> tuple[str, str, str]:
        """(given name, family name, full name), each "" when the platform sends none."""
        return (
            _text(self.claims.get("given_name")),
            _text(self.claims.get("family_name")),
            _text(self.claims.get("name")),
        )

    @property
    def email(self) -> str:
        """The user's email, if the platform sends it."""
        return _text(self.claims.get("email"))

    @property
    def lineitem_url(self) -> str:
        """The AGS line item of this resource link, when the platform offers one and lets the
        tool post scores to it."""
        endpoint = _dict(self.claims.get(AGS_ENDPOINT))
        scopes = endpoint.get("scope") if isinstance(endpoint.get("scope"), list) else []
        return _text(endpoint.get("lineitem")) if SCORE_SCOPE in scopes else ""

    @property
    def memberships_url(self) -> str:
        """The course's NRPS membership service, when offered."""
        return _text(_dict(self.claims.get(NRPS)).get("context_memberships_url"))

    @property
    def deep_linking(self) -> dict[str, Any]:
        """The deep linking settings (return URL, data, accepted types)."""
        return _dict(self.claims.get(DEEP_LINKING + "deep_linking_settings"))
