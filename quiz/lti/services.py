"""Access tokens for a platform's services (LTI Advantage: OAuth 2 client credentials with a
JWT signed by the tool, 1EdTech Security Framework section 4.1), kept until they expire."""

from __future__ import annotations

import secrets
import time

from quiz.lti import keys
from quiz.lti.http import PlatformUnavailable, call, json_of
from quiz.lti.models import LtiPlatform

ROSTER_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ASSERTION_LIFETIME = 300
MARGIN = 30  # seconds before expiry when a kept token is no longer used

# (token URL, client id, scope) -> (access token, expires at, monotonic seconds)
_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}


def access_token(platform: LtiPlatform, scope: str) -> str:
    """A bearer token for one scope of the platform's services; PlatformUnavailable if none."""
    key = (platform.auth_token_url, platform.client_id, scope)
    kept = _tokens.get(key)
    if kept and kept[1] > time.monotonic() + MARGIN:
        return kept[0]
    now = int(time.time())
    assertion = keys.sign(
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.auth_token_url,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
            "jti": secrets.token_urlsafe(16),
        }
    )
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
        "scope": scope,
    }
    data = json_of(call("POST", platform.auth_token_url, data=form))
    token = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise PlatformUnavailable("the token endpoint gave no access_token")
    try:
        lifetime = float(data.get("expires_in", 3600))
    except (TypeError, ValueError):
        lifetime = 3600.0
    _tokens[key] = (token, time.monotonic() + lifetime)
    return token


def forget() -> None:
    """Drop every kept token (tests)."""
    _tokens.clear()
