"""The learner's pages: the library, practice runs, feedback and summaries."""

from flask import Blueprint

bp = Blueprint("learn", __name__)

from quiz.learn import routes  # noqa: E402,F401  (routes attach themselves to bp)
