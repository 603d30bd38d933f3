"""SourceSense: learners sort a news article's statements into verified facts,
intelligence claims and speculation, and learn why."""

from __future__ import annotations

from typing import Any

from flask import Flask

from quiz.config import Config


def create_app(config: type[Config] = Config, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints, error pages, commands."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config)
    app.config.update(overrides or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key()
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_security(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations and CSRF protection to the app."""
    from quiz.extensions import csrf, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")))
    csrf.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Attach the page groups."""
    from quiz.learn import bp as learn_bp

    app.register_blueprint(learn_bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages with the right status codes."""
    from quiz.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """The ``flask content`` command group."""
    from quiz.cli import content_cli

    app.cli.add_command(content_cli)


def register_security(app: Flask) -> None:
    """Security headers on every response."""
    from quiz.security import add_security_headers

    app.after_request(add_security_headers)


def register_template_helpers(app: Flask) -> None:
    """Values every template may use."""
    from jinja2 import StrictUndefined

    from quiz.labels import Label

    if app.testing:
        app.jinja_env.undefined = StrictUndefined  # a missing value fails the test suite

    @app.context_processor
    def inject_labels() -> dict[str, Any]:
        return {"Label": Label}
