"""Teacher sign-up, log-in and log-out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from quiz.auth import routes  # noqa: E402,F401  (routes attach themselves to bp)
