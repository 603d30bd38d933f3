"""Launches shown inside the LMS's pages (a platform with a frame origin, and deep linking,
whose picker LMSs open in a dialog frame).

How later requests are known to be framed: the launch sets a signed cookie naming the LMS's
origin (``SameSite=None; Secure; Partitioned``, for 12 hours). While the browser holds it,
every response may be framed by that one origin (``frame-ancestors <origin>``, no
``X-Frame-Options: DENY``) and the cookies set (log-in session, CSRF token, the class cookie)
are sent cross-site. A query flag would be lost on every link and form; the cookie follows the
learner through the whole activity. Launches that open in a window delete it. Partitioned
cookies keep working in browsers that block third-party cookies but support CHIPS (Chrome);
elsewhere a framed launch may need the LMS's "open in a new window" instead, the default.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, after_this_request, current_app, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from quiz.web.security import allow_framing_by, framed

FRAME_COOKIE = "sourcesense_lti_frame"
FRAME_LIFETIME = timedelta(hours=12)
_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")


def origin_of(url: str) -> str | None:
    """The web origin of an address (scheme://host[:port]), or None if it has none."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return origin if _ORIGIN.match(origin) else None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lti-frame")


def recognise_framed() -> None:
    """``before_request``: a browser holding the frame cookie may be framed by its origin."""
    raw = request.cookies.get(FRAME_COOKIE)
    if not raw:
        return
    try:
        origin = _serializer().loads(raw, max_age=int(FRAME_LIFETIME.total_seconds()))
    except BadSignature:
        return
    if isinstance(origin, str) and _ORIGIN.match(origin):
        allow_framing_by(origin)


def start_framing(origin: str | None) -> None:
    """After a launch: remember (or, without an origin, forget) the LMS frame."""
    if origin:
        allow_framing_by(origin)
    value = _serializer().dumps(origin) if origin else None

    @after_this_request
    def _cookie(response: Response) -> Response:
        if value is None:
            if FRAME_COOKIE in request.cookies:
                response.delete_cookie(FRAME_COOKIE, secure=True, samesite="None", partitioned=True)
            return response
        response.set_cookie(
            FRAME_COOKIE,
            value,
            max_age=int(FRAME_LIFETIME.total_seconds()),
            secure=True,
            httponly=True,
            samesite="None",
            partitioned=True,
        )
        return response


class FramableSessionInterface(SecureCookieSessionInterface):
    """Flask's session cookie, sent cross-site only in an LMS's frame."""

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if framed() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return True if framed() else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return True if framed() else super().get_cookie_partitioned(app)
