"""The library's blueprint: its views attach themselves to it."""

from flask import Blueprint, Flask

bp = Blueprint("library", __name__)


def register(app: Flask) -> None:
    """Load the views and attach the blueprint to the app."""
    from quiz.library import teacher_views, views  # noqa: F401  (views attach themselves to bp)

    app.register_blueprint(bp)
