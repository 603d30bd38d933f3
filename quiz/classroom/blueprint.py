"""The classroom's blueprint: its views attach themselves to it."""

from flask import Blueprint, Flask

bp = Blueprint("classroom", __name__)


def register(app: Flask) -> None:
    """Load the views and attach the blueprint to the app."""
    from quiz.classroom import (  # noqa: F401  (views attach themselves to bp)
        student_feedback_views,
        student_views,
        teacher_views,
    )

    app.register_blueprint(bp)
