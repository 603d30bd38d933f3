"""The accounts' blueprint: its views attach themselves to it."""

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__)


def register(app: Flask) -> None:
    """Load the views and attach the blueprint to the app."""
    from quiz.accounts import (  # noqa: F401  (views attach themselves to bp)
        account_views,
        password_views,
        views,
    )

    app.register_blueprint(bp)
