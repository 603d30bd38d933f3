"""Rate limits: values from config, keys and the rules for what counts as a hit."""

from __future__ import annotations

from flask import Response, current_app, request

from quiz.accounts.operations import normalise_email


def login_limit() -> str:
    """Failed log-ins allowed per address."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_limit_per_email() -> str:
    """Failed log-ins allowed per account, whatever the address."""
    return current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"]


def login_email_key() -> str:
    """Rate-limit key of the account a log-in names."""
    return "login:" + normalise_email(request.form.get("email", ""))[:254]


def failed_login(response: Response) -> bool:
    """Only failed log-ins count against the limit."""
    return response.status_code != 303


def join_limit_per_address() -> str:
    """Failed joins (wrong or closed codes) allowed per address; a class shares one address."""
    return current_app.config["JOIN_RATE_LIMIT_PER_ADDRESS"]


def join_limit_per_session() -> str:
    """Joins allowed into one session, whatever the address."""
    return current_app.config["JOIN_RATE_LIMIT_PER_SESSION"]


def join_code_key() -> str:
    """Rate-limit key of the session a join names."""
    code = (request.view_args or {}).get("code", "")
    return "join:" + str(code).upper()[:12]


def failed_join(response: Response) -> bool:
    """Only joins that named no open session count against the per-address limit."""
    return response.status_code in (404, 410)
