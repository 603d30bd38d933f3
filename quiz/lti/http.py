"""Calls to a platform's services (JWKS, access tokens, AGS, NRPS): short timeouts, https only
(plain http only where LTI_ALLOW_HTTP says so, for the test platform on loopback), and every
failure turned into one exception that callers handle."""

from __future__ import annotations

from typing import Any

import requests

from quiz.lti.platforms import PlatformInvalid, check_url

CONNECT_TIMEOUT = 2.0  # seconds to reach the platform
READ_TIMEOUT = 4.0  # seconds for its answer: a learner's request may wait on a grade post
MAX_BYTES = 2 * 1024 * 1024


class PlatformUnavailable(Exception):
    """The platform did not answer, refused, or answered what cannot be read."""


def call(method: str, url: str, **kwargs: Any) -> requests.Response:
    """One HTTP request to a platform; PlatformUnavailable unless it answers 2xx."""
    try:
        check_url(url, "platform's address")
    except PlatformInvalid as error:
        raise PlatformUnavailable(error.message) from None
    try:
        response = requests.request(
            method,
            url,
            timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
            allow_redirects=False,
            **kwargs,
        )
    except requests.RequestException as error:
        raise PlatformUnavailable(f"{type(error).__name__} from {url}") from None
    if not 200 <= response.status_code < 300:
        raise PlatformUnavailable(f"HTTP {response.status_code} from {url}")
    if len(response.content) > MAX_BYTES:
        raise PlatformUnavailable(f"an answer over {MAX_BYTES} bytes from {url}")
    return response


def json_of(response: requests.Response) -> Any:
    """The JSON body of a platform's answer."""
    try:
        return response.json()
    except ValueError:
        raise PlatformUnavailable(f"no JSON from {response.url}") from None
