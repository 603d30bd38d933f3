"""HTTP security headers: a strict Content Security Policy and friends."""

from __future__ import annotations

from flask import Response, g, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Pages that show a teacher's classes, a learner's or student's answers, or an account: kept
# out of every cache (a shared computer's back button, a proxy). Responses that set their own
# Cache-Control (students' polls revalidate with ETags) keep it.
PRIVATE_PREFIXES = ("/teach", "/runs", "/me", "/play", "/account", "/login", "/signup", "/password")


def allow_framing_by(origin: str) -> None:
    """Let this response be shown in a frame of one origin (an LMS that frames its launches,
    quiz.lti.framing): ``frame-ancestors <origin>`` and no ``X-Frame-Options: DENY``. Its
    cookies are then sent cross-site (``SameSite=None; Secure; Partitioned``)."""
    g.frame_ancestor = origin


def allow_form_target(origin: str) -> None:
    """Let this response's form post to one other origin (an LTI deep link's return URL)."""
    g.form_target = origin


def framed() -> bool:
    """Whether this response may be shown in an LMS's frame."""
    return bool(g.get("frame_ancestor"))


def _policy() -> str:
    """The Content Security Policy, widened only where this request allows it."""
    policy = CONTENT_SECURITY_POLICY
    if g.get("frame_ancestor"):
        policy = policy.replace("frame-ancestors 'none'", f"frame-ancestors {g.frame_ancestor}")
    if g.get("form_target"):
        policy = policy.replace("form-action 'self'", f"form-action 'self' {g.form_target}")
    return policy


def add_security_headers(response: Response) -> Response:
    """Add the security headers (and HSTS when served over HTTPS)."""
    if framed() or g.get("form_target"):
        response.headers.setdefault("Content-Security-Policy", _policy())
    for name, value in SECURITY_HEADERS.items():
        if name != "X-Frame-Options" or not framed():
            response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith(PRIVATE_PREFIXES) and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response
