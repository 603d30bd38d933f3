"""The tool's LTI endpoints: OIDC login initiation, the launch, and the public key set.

The login and launch come from the LMS (a cross-site form post), so they carry no CSRF token
of ours: the protocol's state (a signed cookie of this browser), nonce (single-use) and the
platform's signature protect them instead.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, redirect, request
from werkzeug.wrappers import Response

from quiz.extensions import csrf
from quiz.lti import keys
from quiz.lti.blueprint import bp
from quiz.lti.landing import land
from quiz.lti.launch import STATE_COOKIE_PREFIX, STATE_MAX_AGE, begin_login, validate

# The launch state's cookie: sent back by the platform's cross-site form post (SameSite=None),
# partitioned so that it also works inside an LMS's frame where browsers support CHIPS.
STATE_COOKIE: dict[str, Any] = {
    "path": "/lti/",
    "secure": True,
    "httponly": True,
    "samesite": "None",
    "partitioned": True,
}

MAX_PENDING_STATES = 5


@bp.route("/lti/login", methods=["GET", "POST"])
@csrf.exempt
def login() -> Response:
    """OIDC login initiation: off to the platform's authorization endpoint with state and nonce."""
    url, state, cookie = begin_login(request.values)
    response = redirect(url, code=302)
    _forget_states_if_many(response)
    response.set_cookie(STATE_COOKIE_PREFIX + state, cookie, max_age=STATE_MAX_AGE, **STATE_COOKIE)
    return response


def _forget_states_if_many(response: Response) -> None:
    """Expire this browser's pending states when it holds many: a site that sends a browser
    to the login step again and again cannot fill its cookie jar (a launch left open in
    another tab then starts again)."""
    pending = [name for name in request.cookies if name.startswith(STATE_COOKIE_PREFIX)]
    if len(pending) < MAX_PENDING_STATES:
        return
    for name in pending:
        response.delete_cookie(name, **STATE_COOKIE)


@bp.post("/lti/launch")
@csrf.exempt
def launch() -> Response:
    """The platform's form post of the id_token: checked, then the user lands where it says."""
    checked, platform = validate(request.form, request.cookies)
    response = land(checked, platform)
    state = request.form["state"]
    response.delete_cookie(STATE_COOKIE_PREFIX + state, **STATE_COOKIE)
    return response


@bp.get("/lti/jwks.json")
def jwks() -> Response:
    """The tool's public keys, for platforms to check its signatures."""
    response = jsonify(keys.key_set())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
