"""The LTI blueprint: its views attach themselves to it."""

from flask import Blueprint, Flask

bp = Blueprint("lti", __name__)


def register(app: Flask) -> None:
    """Load the views, attach the blueprint, and recognise framed launches' later requests."""
    from quiz.lti import admin_views, deep_link_views, results, views  # noqa: F401 (to bp)
    from quiz.lti.cli import lti_cli
    from quiz.lti.framing import FramableSessionInterface, recognise_framed

    app.session_interface = FramableSessionInterface()
    app.before_request(recognise_framed)
    app.cli.add_command(lti_cli)
    app.register_blueprint(bp)
