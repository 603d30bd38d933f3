"""The one home of the learner's cookie: which anonymous learner this browser is.

A logged-in learner's practice belongs to the account, not to this cookie: the cookie only ever
opens a learner that no account has taken over.
"""

from __future__ import annotations

from datetime import timedelta

from flask_login import current_user

from quiz.accounts.models import User
from quiz.practice import operations, queries
from quiz.practice.models import Learner
from quiz.web.cookies import SignedCookie

LEARNER_COOKIE = SignedCookie("sourcesense_learner", max_age=timedelta(days=180))


def browser_learner_id() -> str | None:
    """The public id of this browser's anonymous learner, if it has practised."""
    value = LEARNER_COOKIE.read()
    return value if isinstance(value, str) else None


def current_learner() -> Learner | None:
    """The learner this request acts for: the account's when logged in, else the browser's."""
    if current_user.is_authenticated:
        return queries.account_learner(current_user.id)
    return queries.anonymous_learner(browser_learner_id())


def remember_learner(learner: Learner) -> None:
    """Keep an anonymous learner's id in this browser (accounts need no cookie)."""
    if learner.user_id is None:
        LEARNER_COOKIE.write(learner.public_id)


def forget_learner() -> None:
    """Stop knowing this browser's learner."""
    LEARNER_COOKIE.delete()


def adopt_browser_runs(user: User) -> None:
    """After sign-up or log-in: the account takes over this browser's runs; the anonymous id
    is then retired, so a copy of the old cookie opens nothing."""
    operations.claim_learner(user, browser_learner_id())
    forget_learner()
