"""The students' side of a classroom session: join with a code, answer, see the reveal."""

from flask import Blueprint

bp = Blueprint("classroom", __name__)

from quiz.classroom import routes  # noqa: E402,F401  (routes attach themselves to bp)
