"""HTTP security headers: a strict Content Security Policy and friends."""

from __future__ import annotations

from flask import Response, request

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


def add_security_headers(response: Response) -> Response:
    """Add the security headers (and HSTS when served over HTTPS)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith(PRIVATE_PREFIXES) and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response
