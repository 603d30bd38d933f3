"""OIDC login initiation and the launch's checks (LTI Core 1.3 section 5.1, 1EdTech Security
Framework 1.0 section 5.1.3).

The login step sends the browser to the platform with a fresh ``state`` and ``nonce``; both go
into a signed cookie named after the state, so only the browser that started a launch can
finish it. The launch then checks, in this order, each with its own message: the state cookie,
the token's form and algorithm, the issuer, the platform's signature (its JWKS), audience,
expiry and issue time within the allowed clock skew, the authorized party, the nonce (the
browser's, and never used before), the LTI version, message type and deployment.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import jwt
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from quiz.errors import DomainError, ErrorKind
from quiz.extensions import db
from quiz.lti import operations
from quiz.lti.claims import MESSAGE_TYPES, VERSION, Launch
from quiz.lti.http import PlatformUnavailable
from quiz.lti.models import LTI_ID_LENGTH, LtiPlatform
from quiz.lti.platform_keys import signing_key
from quiz.lti.platforms import find_platform
from quiz.web.addresses import public_url

log = logging.getLogger(__name__)

STATE_COOKIE_PREFIX = "sourcesense_lti_state_"
STATE_MAX_AGE = 600  # seconds from the login step to the launch
MAX_TOKEN_AGE = 600  # an id_token issued longer ago than this (plus the skew) is refused


class LaunchRefused(DomainError):
    """A login or launch that fails a check; ``message`` names the check."""

    kind = ErrorKind.INVALID


class LaunchForbidden(LaunchRefused):
    """A valid launch by someone who may not do what it asks."""

    kind = ErrorKind.FORBIDDEN


def refuse(message: str, detail: object = "") -> LaunchRefused:
    """The refusal to raise, logged with what the user does not need to see."""
    log.warning("LTI launch refused: %s %s", message, detail)
    return LaunchRefused(message)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lti-state")


def begin_login(params: Mapping[str, str]) -> tuple[str, str, str]:
    """The platform's authorization URL for a login request, the state and the value of the
    state cookie that the browser must bring back."""
    issuer, hint = params.get("iss", ""), params.get("login_hint", "")
    if not issuer or not hint or not params.get("target_link_uri"):
        raise refuse("The LMS's login request lacks its issuer, login hint or target link.")
    platform = find_platform(issuer, params.get("client_id"))
    if platform is None:
        raise refuse("No platform with this issuer and client ID is registered.", issuer)
    deployment = params.get("lti_deployment_id")
    if deployment and deployment not in platform.deployment_ids:
        raise refuse("This deployment of SourceSense is not registered for the platform.")
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": public_url("lti.launch"),
        "login_hint": hint,
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    cookie = _serializer().dumps({"s": state, "n": nonce, "p": platform.id})
    return platform.auth_login_url + separator + urlencode(query), state, cookie


def _pending(state: str, cookie: str | None) -> dict[str, Any]:
    """What the login step left in this browser for this state."""
    if not cookie:
        raise refuse(
            "The launch's state is unknown to this browser: its cookie is missing or expired. "
            "Open the activity again from the LMS (in a new window if it is shown in a frame)."
        )
    try:
        pending = _serializer().loads(cookie, max_age=STATE_MAX_AGE)
    except BadSignature:
        raise refuse("The launch's state does not match this browser's.") from None
    if not isinstance(pending, dict) or pending.get("s") != state:
        raise refuse("The launch's state does not match this browser's.")
    return pending


# What a failed signature or claim check says (the first that matches the error).
DECODE_REFUSALS = (
    (jwt.InvalidSignatureError, "The platform's signature does not match."),
    (jwt.ExpiredSignatureError, "The launch's token has expired."),
    (jwt.InvalidAudienceError, "The token is not meant for SourceSense (its audience)."),
    (jwt.InvalidIssuerError, "The token's issuer is not the platform that started this launch."),
)


def _decode(token: str, key: object, platform: LtiPlatform) -> dict[str, Any]:
    """The token's claims if the platform's signature, audience, issuer and times check out."""
    skew = current_app.config["LTI_CLOCK_SKEW"]
    try:
        return jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            audience=platform.client_id,
            issuer=platform.issuer,
            leeway=skew,
            options={"require": ["iss", "aud", "exp", "iat", "nonce"]},
        )
    except jwt.MissingRequiredClaimError as error:
        raise refuse(f"The token lacks its {error.claim} claim.") from None
    except jwt.ImmatureSignatureError:
        raise refuse(
            f"The token was issued in the future (allowed clock skew: {skew} s)."
        ) from None
    except jwt.InvalidTokenError as error:
        known = (text for kind, text in DECODE_REFUSALS if isinstance(error, kind))
        raise refuse(next(known, "The launch's id_token is invalid."), error) from None


def _verified_claims(token: str, platform: LtiPlatform) -> dict[str, Any]:
    """The token's claims once its form, algorithm, issuer, signature, audience and times
    check out."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        raise refuse("The launch's id_token cannot be read.") from None
    if header.get("alg") != "RS256":
        raise refuse("The launch's id_token is not signed with RS256.", header.get("alg"))
    if unverified.get("iss") != platform.issuer:
        raise refuse("The token's issuer is not the platform that started this launch.")
    try:
        key = signing_key(platform, header.get("kid"))
    except PlatformUnavailable as error:
        raise refuse("The platform's public keys (JWKS) could not be fetched.", error) from None
    if key is None:
        raise refuse("The platform's key set has no key with this token's key id (kid).")
    claims = _decode(token, key, platform)
    if claims["iat"] < time.time() - MAX_TOKEN_AGE - current_app.config["LTI_CLOCK_SKEW"]:
        raise refuse("The launch's token was issued too long ago.")
    return claims


def _check_authorized_party(claims: dict[str, Any], client_id: str) -> None:
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and "azp" not in claims:
        raise refuse("The token names several audiences but no authorized party (azp).")
    if "azp" in claims and claims["azp"] != client_id:
        raise refuse("The token's authorized party (azp) is not SourceSense.")


def validate(form: Mapping[str, str], cookies: Mapping[str, str]) -> tuple[Launch, LtiPlatform]:
    """The launch a posted id_token makes, or LaunchRefused naming the failed check."""
    if form.get("error"):
        raise refuse(f"The LMS did not launch: {form.get('error_description') or form['error']}.")
    token, state = form.get("id_token", ""), form.get("state", "")
    if not token or not state or len(state) > 100:
        raise refuse("The launch has no id_token or no state.")
    pending = _pending(state, cookies.get(STATE_COOKIE_PREFIX + state))
    platform = db.session.get(LtiPlatform, pending["p"])
    if platform is None:
        raise refuse("The platform that started this launch is no longer registered.")
    claims = _verified_claims(token, platform)
    _check_authorized_party(claims, platform.client_id)
    if not secrets.compare_digest(str(claims["nonce"]).encode(), pending["n"].encode()):
        raise refuse("The launch's nonce is not the one this browser was given.")
    launch = Launch(claims)
    if launch.lti("version") != VERSION:
        raise refuse("The launch is not LTI 1.3.0.", launch.lti("version"))
    if launch.message_type not in MESSAGE_TYPES:
        raise refuse("SourceSense does not handle this kind of LTI message.")
    if launch.deployment_id not in platform.deployment_ids:
        raise refuse("This deployment of SourceSense is not registered for the platform.")
    if not launch.sub:
        raise refuse("The launch names no user (sub): anonymous launches are not supported.")
    ids = (launch.sub, launch.context_id, launch.resource_link_id)
    if any(len(value) > LTI_ID_LENGTH for value in ids):
        raise refuse("The launch's user, course or link id is longer than LTI allows.")
    expires = datetime.fromtimestamp(int(claims["exp"]), UTC)
    if not operations.use_nonce(str(claims["nonce"]), expires):
        raise refuse("The launch's nonce was used already.")
    return launch, platform
