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
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from flask.testing import FlaskClient
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


def make_wsgi(platform: LmsPlatform) -> Any:
    """The platform's WSGI application."""

    def app(environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        response = _route(platform, request)
        return response(environ, start_response)

    return app


def _bearer_ok(platform: LmsPlatform, request: Request) -> bool:
    auth = request.headers.get("Authorization", "")
    return auth.startswith("Bearer ") and auth[7:] in platform.tokens


def _route(platform: LmsPlatform, request: Request) -> Response:
    path = request.path
    if path == "/jwks":
        jwk = RSAAlgorithm.to_jwk(platform.key.public_key(), as_dict=True)
        return Response(json.dumps({"keys": [{**jwk, "kid": KID, "alg": "RS256"}]}),
                        mimetype="application/json")  # fmt: skip
    if path == "/auth":
        args = request.args
        if (
            args.get("client_id") != CLIENT_ID
            or args.get("redirect_uri") != platform.tool_launch_url
        ):
            return Response("unknown client or redirect_uri", 400)
        fields = {"id_token": platform.id_token(args["nonce"]), "state": args["state"]}
        return Response(_auto_post(args["redirect_uri"], fields), mimetype="text/html")
    if path == "/token" and request.method == "POST":
        assertion = request.form.get("client_assertion", "")
        claims = platform.verify_tool_jwt(assertion, platform.base_url + "/token")
        assert claims["iss"] == claims["sub"] == CLIENT_ID
        token = secrets.token_urlsafe(16)
        platform.tokens.add(token)
        body = {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        return Response(json.dumps(body), mimetype="application/json")
    if re.fullmatch(r"/lineitems/[^/]+/scores", path) and request.method == "POST":
        status = platform.score_statuses.pop(0) if platform.score_statuses else 200
        if not _bearer_ok(platform, request) or status != 200:
            return Response("unavailable", status if status != 200 else 401)
        assert request.mimetype == "application/vnd.ims.lis.v1.score+json"
        platform.scores.append({"path": path, "query": request.query_string.decode(),
                                **request.get_json(force=True)})  # fmt: skip
        return Response("", 200)
    if path == "/memberships" and _bearer_ok(platform, request):
        body = {"id": path, "members": platform.members}
        return Response(json.dumps(body), mimetype="application/json")
    if path == "/deep-link-return" and request.method == "POST":
        claims = platform.verify_tool_jwt(request.form["JWT"], platform.issuer)
        platform.deep_links.append(claims)
        return Response("<!doctype html><title>Added</title><p>Activity added.</p>",
                        mimetype="text/html")  # fmt: skip
    if path == "/course":
        start = request.args["tool_login"] + "?" + urlencode(platform.login_params())
        return Response(f'<!doctype html><html lang="en"><title>Course</title><main>'
                        f'<a href="{html.escape(start)}">Open the SourceSense activity</a>'
                        "</main></html>", mimetype="text/html")  # fmt: skip
    return Response("not found", 404)


@contextmanager
def serve(platform: LmsPlatform, host: str = "127.0.0.1") -> Iterator[LmsPlatform]:
    """Serve the platform from a thread on a free port of ``host``."""
    server = make_server("127.0.0.1", 0, make_wsgi(platform), threaded=True)
    platform.base_url = f"http://{host}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()


_FORM = re.compile(r'<form method="post" action="(https?://[^"]+)"[^>]*>(.*?)</form>', re.S)
_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def posted_form(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of an auto-posting page."""
    match = _FORM.search(page)
    assert match, page[:500]
    fields = {k: html.unescape(v) for k, v in _INPUT.findall(match.group(2))}
    return html.unescape(match.group(1)), fields


@lru_cache(maxsize=1)
def tool_pem() -> str:
    """One RSA key pair for the tool per run (making one costs a tenth of a second)."""
    from quiz.lti.keys import new_private_pem

    return new_private_pem()


def register_platform(platform: LmsPlatform, **overrides: Any) -> int:
    """Register the test platform in the app (needs an app context), with the run's tool key;
    returns the platform's id."""
    from quiz.extensions import db
    from quiz.lti.keys import public_jwk
    from quiz.lti.models import LtiKey
    from quiz.lti.platforms import PlatformSettings, add_platform

    if db.session.query(LtiKey).count() == 0:
        db.session.add(LtiKey(kid=public_jwk(tool_pem())["kid"], private_pem=tool_pem()))
        db.session.commit()
    return add_platform(PlatformSettings(**platform.registration(**overrides))).id


def launch_through(client: FlaskClient, platform: LmsPlatform, **next_launch: Any) -> Any:
    """A whole launch in a test browser: the LMS's login initiation, the platform's
    authorization endpoint over HTTP, and the id_token posted to the tool."""
    platform.next_launch = next_launch
    start = client.get("/lti/login", query_string=platform.login_params())
    assert start.status_code == 302, start.get_data(as_text=True)[:500]
    page = requests.get(start.location, timeout=10)
    assert page.status_code == 200, page.text
    action, fields = posted_form(page.text)
    assert action == platform.tool_launch_url
    return client.post("/lti/launch", data=fields)


@pytest.fixture(scope="module", name="served")
def served_fixture() -> Iterator[LmsPlatform]:
    """The test platform on a loopback port for the whole module."""
    with serve(LmsPlatform(key=new_key())) as platform:
        yield platform


@pytest.fixture(name="lms")
def lms_fixture(app: Flask, served: LmsPlatform) -> LmsPlatform:
    """The test platform, registered in the app (plain HTTP allowed for loopback), knowing the
    tool's public keys."""
    from quiz.lti import platform_keys, services

    app.config["LTI_ALLOW_HTTP"] = True
    served.reset()
    services.forget()
    platform_keys.forget()
    with app.app_context():
        register_platform(served)
    served.tool_jwks = app.test_client().get("/lti/jwks.json").json
    return served


def make_activity(app: Flask, feedback: str = "end") -> tuple[str, str]:
    """An activity on the briefing made as deep linking would; (its public id, join code)."""
    from sqlalchemy import select

    from quiz.classroom.models import Feedback
    from quiz.extensions import db
    from quiz.lti.models import LtiCourse, LtiPlatform
    from quiz.lti.operations import create_activity
    from tests.factories import BRIEFING, article, make_teacher

    with app.app_context():
        platform = db.session.scalar(select(LtiPlatform))
        course = LtiCourse(platform=platform, context_id="course-101", title="Media literacy")
        db.session.add(course)
        db.session.commit()
        activity = create_activity(
            platform, course, make_teacher(), article(BRIEFING), feedback=Feedback(feedback),
            evidence_step=False,
        )  # fmt: skip
        return activity.public_id, activity.class_session.code
