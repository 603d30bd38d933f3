"""The teacher's pages: sessions, the live dashboard, results and exports."""

from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")

from quiz.teach import routes  # noqa: E402,F401  (routes attach themselves to bp)
