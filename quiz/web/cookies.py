"""Long-lived signed cookies of their own, apart from the log-in.

Flask's session cookie carries the log-in and lasts as long as the browser session; what a
browser should remember for longer (which anonymous learner it is, which classes it joined)
lives in cookies of its own, so that it never makes a log-in permanent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import after_this_request, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from quiz.web.security import framed


@dataclass(frozen=True)
class SignedCookie:
    """A cookie holding a JSON value signed with the app's secret key."""

    name: str
    max_age: timedelta

    def signed(self, value: Any, secret_key: str) -> str:
        """The cookie's text for a value."""
        return URLSafeSerializer(secret_key, salt=f"cookie:{self.name}").dumps(value)

    def unsigned(self, raw: str | None, secret_key: str) -> Any:
        """The value a cookie's text holds, or None when it is missing or tampered with."""
        try:
            return (
                URLSafeSerializer(secret_key, salt=f"cookie:{self.name}").loads(raw)
                if raw
                else None
            )
        except BadSignature:
            return None

    def read(self) -> Any:
        """The value this request's cookie holds (or the one set during the request), or None."""
        cache = g.setdefault("signed_cookies", {})
        if self.name not in cache:
            cache[self.name] = self.unsigned(request.cookies.get(self.name), current_app.secret_key)
        return cache[self.name]

    def write(self, value: Any) -> None:
        """Set the cookie on this request's response."""
        g.setdefault("signed_cookies", {})[self.name] = value
        signed = self.signed(value, current_app.secret_key)
        config = current_app.config

        @after_this_request
        def _set(response: Response) -> Response:
            cross_site = framed()  # inside an LMS's frame (quiz.lti.framing)
            response.set_cookie(
                self.name,
                signed,
                max_age=int(self.max_age.total_seconds()),
                secure=cross_site or config["SESSION_COOKIE_SECURE"],
                httponly=True,
                samesite="None" if cross_site else "Lax",
                partitioned=cross_site,
            )
            return response

    def delete(self) -> None:
        """Remove the cookie from the browser."""
        g.setdefault("signed_cookies", {})[self.name] = None

        @after_this_request
        def _delete(response: Response) -> Response:
            response.delete_cookie(self.name, httponly=True, samesite="Lax")
            return response
