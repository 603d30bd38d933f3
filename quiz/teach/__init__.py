"""The teacher's pages: sessions, the live dashboard, results and exports."""

from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")

from quiz.teach import articles, routes  # noqa: E402,F401  (views attach themselves to bp)
