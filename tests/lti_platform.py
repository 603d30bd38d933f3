"""A test LMS that speaks LTI 1.3 over real HTTP on loopback: its own key pair and JWKS, an
OIDC authorization endpoint that answers with a signed id_token in an auto-posting form, an
access-token endpoint that checks the tool's signed client assertion, AGS score and NRPS
membership endpoints, and a deep-link return endpoint that checks the tool's signed response.

Tests choose what the next launch says (``next_launch``) and what the score endpoint answers
(``score_statuses``), and read what the platform received.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
KID = "platform-key-1"
CLIENT_ID = "sourcesense-client"
DEPLOYMENT = "deployment-1"
COURSE = "course-101"


def new_key() -> rsa.RSAPrivateKey:
    """An RSA key pair (the platform's, or a forger's)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class LmsPlatform:
    """The platform's state: its key, what the next launch says, and what it received."""

    key: rsa.RSAPrivateKey
    base_url: str = ""
    tool_launch_url: str = "http://localhost/lti/launch"
    tool_jwks: dict[str, Any] | None = None  # or fetched from tool_jwks_url
    tool_jwks_url: str | None = None
    next_launch: dict[str, Any] = field(default_factory=dict)
    score_statuses: list[int] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    deep_links: list[dict[str, Any]] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)

    @property
    def issuer(self) -> str:
        """The platform's issuer: its own address."""
        return self.base_url

    def registration(self, **overrides: Any) -> dict[str, Any]:
        """What the tool needs to register this platform (PlatformSettings' fields)."""
        return {
            "name": "Test LMS",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "deployment_ids": [DEPLOYMENT],
            "auth_login_url": self.base_url + "/auth",
            "auth_token_url": self.base_url + "/token",
            "jwks_url": self.base_url + "/jwks",
            **overrides,
        }

    def login_params(self, **overrides: str) -> dict[str, str]:
        """The query of the LMS's OIDC login initiation request to the tool."""
        return {
            "iss": self.issuer,
            "login_hint": "hint-1",
            "target_link_uri": self.tool_launch_url,
            "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT,
            **overrides,
        }

    def reset(self) -> None:
        """Forget what the last test asked and received."""
        self.next_launch, self.score_statuses, self.members = {}, [], []
        self.scores.clear()
        self.deep_links.clear()

    # --- the id_token -----------------------------------------------------------------------

    def claims(self, nonce: str) -> dict[str, Any]:
        """The id_token claims of the next launch (``next_launch`` overrides them)."""
        spec = dict(self.next_launch)
        now = int(time.time())
        message = spec.pop("message_type", "LtiResourceLinkRequest")
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": spec.pop("sub", "learner-1"),
            "iat": now,
            "exp": now + 60,
            "nonce": nonce,
            "given_name": spec.pop("given_name", "Ana"),
            "family_name": spec.pop("family_name", "Bell"),
            LTI + "message_type": message,
            LTI + "version": "1.3.0",
            LTI + "deployment_id": DEPLOYMENT,
            LTI + "roles": spec.pop("roles", [LEARNER]),
            LTI + "context": {"id": spec.pop("context_id", COURSE), "title": "Media literacy"},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.base_url + "/memberships",
                "service_versions": ["2.0"],
            },
        }
        if message == "LtiDeepLinkingRequest":
            claims[DL + "deep_linking_settings"] = {
                "deep_link_return_url": self.base_url + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "data": "opaque-data-1",
            }
        else:
            link = spec.pop("resource_link_id", "link-1")
            claims[LTI + "resource_link"] = {"id": link}
            claims[LTI + "custom"] = spec.pop("custom", {})
            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
                "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                "lineitem": f"{self.base_url}/lineitems/{link}?type=x",
            }
        claims.update(spec.pop("claims", {}))
        for name in spec.pop("drop", []):
            claims.pop(name, None)
        return claims

    def id_token(self, nonce: str) -> str:
        """The next launch's id_token, signed (by ``next_launch["key"]`` when a test forges)."""
        key = self.next_launch.get("key", self.key)
        spec = {k: v for k, v in self.next_launch.items() if k != "key"}
        saved, self.next_launch = self.next_launch, spec
        try:
            return jwt.encode(self.claims(nonce), key, algorithm="RS256", headers={"kid": KID})
        finally:
            self.next_launch = saved

    # --- checking the tool's signatures -----------------------------------------------------

    def tool_keys(self) -> dict[str, Any]:
        """The tool's public keys, by kid."""
        data = self.tool_jwks or requests.get(self.tool_jwks_url, timeout=5).json()
        return {k["kid"]: RSAAlgorithm.from_jwk(k) for k in data["keys"]}

    def verify_tool_jwt(self, token: str, audience: str) -> dict[str, Any]:
        """The claims of a JWT the tool signed (raises if it does not verify)."""
        kid = jwt.get_unverified_header(token)["kid"]
        return jwt.decode(token, self.tool_keys()[kid], algorithms=["RS256"], audience=audience)


def _auto_post(action: str, fields: dict[str, str]) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in fields.items()
    )
    return (
        f'<!doctype html><html lang="en"><title>LMS</title><body><form method="post" '
        f'action="{html.escape(action)}">{inputs}<button>Continue</button></form>'
        "<script>document.forms[0].submit()</script></body></html>"
    )


def _json(body: object) -> Response:
    return Response(json.dumps(body), mimetype="application/json")


def _html(title: str, body: str) -> Response:
    page = f'<!doctype html><html lang="en"><title>{title}</title><main>{body}</main></html>'
    return Response(page, mimetype="text/html")


def _bearer_ok(platform: LmsPlatform, request: Request) -> bool:
    auth = request.headers.get("Authorization", "")
    return auth.startswith("Bearer ") and auth[7:] in platform.tokens


def _jwks(platform: LmsPlatform, request: Request) -> Response:
    jwk = RSAAlgorithm.to_jwk(platform.key.public_key(), as_dict=True)
    return _json({"keys": [{**jwk, "kid": KID, "alg": "RS256"}]})


def _auth(platform: LmsPlatform, request: Request) -> Response:
    """The OIDC authorization endpoint: an id_token for a known client and redirect URI."""
    args = request.args
    if args.get("client_id") != CLIENT_ID or args.get("redirect_uri") != platform.tool_launch_url:
        return Response("unknown client or redirect_uri", 400)
    fields = {"id_token": platform.id_token(args["nonce"]), "state": args["state"]}
    return Response(_auto_post(args["redirect_uri"], fields), mimetype="text/html")


def _token(platform: LmsPlatform, request: Request) -> Response:
    """Client credentials: the tool's signed assertion checked against its JWKS."""
    claims = platform.verify_tool_jwt(request.form.get("client_assertion", ""), request.base_url)
    assert claims["iss"] == claims["sub"] == CLIENT_ID
    token = secrets.token_urlsafe(16)
    platform.tokens.add(token)
    return _json({"access_token": token, "token_type": "Bearer", "expires_in": 3600})


def _scores(platform: LmsPlatform, request: Request) -> Response:
    """AGS: a score for a line item (or the status the test asked for)."""
    status = platform.score_statuses.pop(0) if platform.score_statuses else 200
    if not _bearer_ok(platform, request) or status != 200:
        return Response("unavailable", status if status != 200 else 401)
    assert request.mimetype == "application/vnd.ims.lis.v1.score+json"
    received = {"path": request.path, "query": request.query_string.decode()}
    platform.scores.append({**received, **request.get_json(force=True)})
    return Response("", 200)


def _memberships(platform: LmsPlatform, request: Request) -> Response:
    """NRPS: the course's members."""
    if not _bearer_ok(platform, request):
        return Response("unauthorized", 401)
    return _json({"id": request.url, "members": platform.members})


def _deep_link_return(platform: LmsPlatform, request: Request) -> Response:
    """Deep linking: the tool's signed response, verified with the tool's JWKS."""
    platform.deep_links.append(platform.verify_tool_jwt(request.form["JWT"], platform.issuer))
    return _html("Added", "<p>Activity added.</p>")


def _course(platform: LmsPlatform, request: Request) -> Response:
    """A course page whose link starts a launch (the OIDC login initiation)."""
    start = request.args["tool_login"] + "?" + urlencode(platform.login_params())
    return _html("Course", f'<a href="{html.escape(start)}">Open the SourceSense activity</a>')


ROUTES = {
    ("GET", "/jwks"): _jwks,
    ("GET", "/auth"): _auth,
    ("POST", "/token"): _token,
    ("GET", "/memberships"): _memberships,
    ("POST", "/deep-link-return"): _deep_link_return,
    ("GET", "/course"): _course,
}


def make_wsgi(platform: LmsPlatform) -> Any:
    """The platform's WSGI application."""

    def app(environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        handler = ROUTES.get((request.method, request.path))
        if request.method == "POST" and re.fullmatch(r"/lineitems/[^/]+/scores", request.path):
            handler = _scores
        response = handler(platform, request) if handler else Response("not found", 404)
        return response(environ, start_response)

    return app


@contextmanager
def serve(platform: LmsPlatform, host: str = "127.0.0.1") -> Iterator[LmsPlatform]:
    """Serve the platform from a thread on a free port of ``host``."""
    server = make_server("127.0.0.1", 0, make_wsgi(platform), threaded=True)
    platform.base_url = f"http://{host}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
