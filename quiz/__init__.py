"""SourceSense: learners sort a news article's statements into verified facts,
intelligence claims and speculation, and learn why."""

from __future__ import annotations

from typing import Any

from flask import Flask

from quiz.config import Config, engine_options


def create_app(config: type[Config] = Config, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints, error pages, commands."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config)
    app.config.update(overrides or {})
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key()
    if app.config["RATELIMIT_STORAGE_URI"].startswith("database://"):
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"database_url": app.config["SQLALCHEMY_DATABASE_URI"]}
        )
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_security(app)
    register_template_helpers(app)
    register_operations(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations and CSRF protection to the app."""
    import quiz.web.rate_limit_storage  # noqa: F401  (registers the database:// storage)
    from quiz.accounts.login_sessions import load_user
    from quiz.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_teachers_only)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")))
    csrf.init_app(app)


def _teachers_only() -> tuple[str, int]:
    """Teacher pages answer 403 to anyone not logged in, with a link to log in."""
    from quiz.web.error_pages import render_error

    return render_error(403, "Log in to see this page.")


def register_blueprints(app: Flask) -> None:
    """Attach the page groups."""
    from quiz.accounts import blueprint as accounts
    from quiz.classroom import blueprint as classroom
    from quiz.library import blueprint as library
    from quiz.lti import blueprint as lti
    from quiz.practice import blueprint as practice
    from quiz.web.ops import bp as ops_bp

    for feature in (library, practice, classroom, accounts, lti):
        feature.register(app)
    app.register_blueprint(ops_bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages with the right status codes."""
    from quiz.web.error_pages import register

    register(app)


def register_commands(app: Flask) -> None:
    """The ``flask content`` and ``flask users`` command groups."""
    from quiz.accounts.cli import users_cli
    from quiz.library.cli import content_cli

    app.cli.add_command(content_cli)
    app.cli.add_command(users_cli)


def register_security(app: Flask) -> None:
    """Security headers on every response."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from quiz.web.input_guard import refuse_control_characters
    from quiz.web.security import add_security_headers

    app.before_request(refuse_control_characters)
    app.after_request(add_security_headers)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_template_helpers(app: Flask) -> None:
    """Values every template may use."""
    from jinja2 import StrictUndefined

    from quiz.labels import Label

    if app.testing:
        app.jinja_env.undefined = StrictUndefined  # a missing value fails the test suite

    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        from quiz.accounts.forms import LogoutForm

        # The log-out button's form reads no request data: the 413 page must render without
        # reading the body that was too large.
        return {"Label": Label, "logout_form": lambda: LogoutForm(formdata=None)}


def register_operations(app: Flask) -> None:
    """Request ids, JSON request logs, metrics, versioned static URLs and ``flask ops``."""
    from quiz.ops import register

    register(app)
