"""Rate limits: their settings, keys, and the rules for what counts as a hit.

Every limit counts in a storage that all workers and servers share (the app's database by
default, or Redis): a limit means what it says however many processes serve.
"""

from __future__ import annotations

from functools import cache

from flask import abort, current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from quiz.accounts.operations import normalise_email
from quiz.extensions import limiter

GUESSING = (
    "Too many join codes from your network matched no session. "
    "Wait a few minutes, then check the code your teacher shows."
)


def login_limit() -> str:
    """Failed log-ins allowed per address (any account)."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_limit_per_account() -> str:
    """Failed log-ins allowed per account, whatever the address."""
    return current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"]


def login_email_key() -> str:
    """Rate-limit key of the account a log-in names."""
    return "login:" + normalise_email(request.form.get("email", ""))[:254]


def failed_login(response: object) -> bool:
    """Only failed log-ins count against the limit."""
    return response.status_code != 303


def signup_limit() -> str:
    """Teacher sign-ups allowed per address."""
    return current_app.config["SIGNUP_RATE_LIMIT"]


def learner_signup_limit() -> str:
    """Learner sign-ups allowed per address (a class may sign up together)."""
    return current_app.config["LEARNER_SIGNUP_RATE_LIMIT"]


def password_reset_limit() -> str:
    """Password-reset requests allowed per address."""
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def join_failures_per_address() -> str:
    """Refused joins (a nickname taken or unusable) allowed per address."""
    return current_app.config["JOIN_FAILURE_RATE_LIMIT"]


def joins_per_session() -> str:
    """Successful joins into one session, whatever the address."""
    return current_app.config["JOIN_RATE_LIMIT_PER_SESSION"]


def join_code_key() -> str:
    """Rate-limit key of the session a join names."""
    code = (request.view_args or {}).get("code", "")
    return "join:" + str(code).upper()[:12]


def failed_join(response: object) -> bool:
    """A join refused for its nickname counts against the per-address limit."""
    return response.status_code in (400, 409)


def successful_join(response: object) -> bool:
    """Only joins that let a student in count against the session's limit."""
    return response.status_code == 303


@cache
def _code_lookup_limits(setting: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(setting))


def _code_limits() -> tuple[RateLimitItem, ...]:
    return _code_lookup_limits(current_app.config["CODE_LOOKUP_RATE_LIMIT"])


def refuse_code_guessing() -> None:
    """429 when this address has made too many failed join-code look-ups.

    Called only for codes this browser has not joined, so students in a class never pay for it.
    """
    address = get_remote_address()
    if not all(limiter.limiter.test(item, "code-lookup", address) for item in _code_limits()):
        abort(429, description=GUESSING)


def record_failed_code_lookup() -> None:
    """Count a join code that matched no session, open or closed."""
    address = get_remote_address()
    for item in _code_limits():
        limiter.limiter.hit(item, "code-lookup", address)
