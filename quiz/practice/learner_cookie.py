"""The one home of the learner's cookie: which anonymous learner this browser is."""

from __future__ import annotations

from flask import session

from quiz.accounts.models import User
from quiz.practice import operations

LEARNER_KEY = "learner"


def browser_learner_id() -> str | None:
    """The public id of this browser's learner, if it has practised."""
    return session.get(LEARNER_KEY)


def remember_learner(public_id: str) -> None:
    """Keep the learner's id in this browser."""
    session[LEARNER_KEY] = public_id
    session.permanent = True


def forget_learner() -> None:
    """Stop knowing this browser's learner (at log-out: the runs stay with the account)."""
    session.pop(LEARNER_KEY, None)


def adopt_browser_runs(user: User) -> None:
    """After sign-up or log-in: the account takes over this browser's runs."""
    learner = operations.claim_learner(user, browser_learner_id())
    remember_learner(learner.public_id)
