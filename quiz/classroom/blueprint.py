"""The classroom's blueprint: its views attach themselves to it."""

from flask import Blueprint, Flask

bp = Blueprint("classroom", __name__)


def register(app: Flask) -> None:
    """Load the views and attach the blueprint to the app."""
    from quiz.classroom import student_views, teacher_views  # noqa: F401  (views attach themselves to bp)

    app.register_blueprint(bp)
