"""Self-study: learner accounts, progress, review of mistakes, and the learner's own data."""

from flask import Blueprint

bp = Blueprint("me", __name__, url_prefix="/me")

from quiz.me import routes  # noqa: E402,F401  (routes attach themselves to bp)
