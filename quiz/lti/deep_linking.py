"""Deep linking (LTI Deep Linking 2.0): an instructor picks an article and a mode in the tool,
which answers the LMS with a signed resource link to a new activity.

Between the deep-linking launch and the instructor's choice, the request (return URL, the
platform's ``data``, deployment and course) travels in a signed, expiring token bound to the
instructor's account, so nothing is stored for a choice never made.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from quiz.accounts.models import User
from quiz.classroom.models import Feedback
from quiz.classroom.queries import session_statements
from quiz.extensions import db
from quiz.library.models import Article
from quiz.lti import keys, operations
from quiz.lti.claims import ACTIVITY_PARAMETER, DEEP_LINKING, LTI, VERSION, Launch
from quiz.lti.framing import origin_of
from quiz.lti.launch import refuse
from quiz.lti.models import LtiActivity, LtiCourse, LtiPlatform
from quiz.lti.platforms import PlatformInvalid, check_url
from quiz.web.addresses import public_url

REQUEST_MAX_AGE = 3600
RESPONSE_LIFETIME = 300


@dataclass(frozen=True)
class LinkRequest:
    """A deep-linking request waiting for the instructor's choice."""

    user_id: int
    platform_id: int
    course_id: int
    deployment_id: str
    return_url: str
    data: str | None

    @property
    def return_origin(self) -> str:
        """The LMS's origin that receives the link (and frames the picker)."""
        return origin_of(self.return_url) or ""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lti-deep-link")


def request_token(launch: Launch, course: LtiCourse, user_id: int) -> LinkRequest:
    """Check a deep-linking launch's settings; its request, to be signed into the picker's URL."""
    settings = launch.deep_linking
    if "ltiResourceLink" not in (settings.get("accept_types") or []):
        raise refuse("The LMS does not accept links to activities here (accept_types).")
    try:
        return_url = check_url(str(settings.get("deep_link_return_url", "")), "return URL")
    except PlatformInvalid:
        return_url = ""
    if origin_of(return_url) is None:
        raise refuse("The deep-linking request has no valid return URL.")
    data = settings.get("data")
    return LinkRequest(
        user_id,
        course.platform_id,
        course.id,
        launch.deployment_id,
        return_url,
        data if isinstance(data, str) else None,
    )


def dumps(link_request: LinkRequest) -> str:
    """The signed token of a request."""
    return _serializer().dumps(link_request.__dict__)


def loads(token: str, user_id: int) -> LinkRequest | None:
    """The request a token holds, if valid, unexpired and made for this user."""
    try:
        found = LinkRequest(**_serializer().loads(token, max_age=REQUEST_MAX_AGE))
    except (BadSignature, TypeError):
        return None
    return found if found.user_id == user_id else None


def response_jwt(link_request: LinkRequest, activity: LtiActivity) -> str:
    """The signed LtiDeepLinkingResponse carrying one resource link to the activity."""
    platform: LtiPlatform = db.session.get(LtiPlatform, link_request.platform_id)
    class_session = activity.class_session
    scored = sum(1 for s in session_statements(class_session) if not s.discuss)
    item: dict[str, Any] = {
        "type": "ltiResourceLink",
        "title": class_session.article.title,
        "text": "Sort the article's statements: verified, intelligence claim or speculation.",
        "url": public_url("lti.launch"),
        "custom": {ACTIVITY_PARAMETER: activity.public_id},
        "lineItem": {
            "scoreMaximum": scored,
            "label": class_session.article.title,
            "resourceId": activity.public_id,
            "tag": "sourcesense",
        },
    }
    if not platform.frame_origin:
        item["window"] = {"targetName": "sourcesense"}
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": platform.client_id,
        "aud": platform.issuer,
        "iat": now,
        "exp": now + RESPONSE_LIFETIME,
        "nonce": secrets.token_urlsafe(16),
        LTI + "deployment_id": link_request.deployment_id,
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": VERSION,
        DEEP_LINKING + "content_items": [item],
    }
    if link_request.data is not None:
        claims[DEEP_LINKING + "data"] = link_request.data
    return keys.sign(claims)


def create_linked_activity(
    link_request: LinkRequest, teacher: User, article: Article, feedback: Feedback, evidence: bool
) -> LtiActivity:
    """The new activity the instructor chose, in the course of the request."""
    return operations.create_activity(
        db.session.get(LtiPlatform, link_request.platform_id),
        db.session.get(LtiCourse, link_request.course_id),
        teacher,
        article,
        feedback=feedback,
        evidence_step=evidence,
    )
