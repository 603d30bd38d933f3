"""Operating the app: request ids and JSON logs, metrics, readiness, backups and data retention."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Request ids, JSON request logs and metrics on every request; ``flask ops``."""
    from quiz.ops.cli import ops_cli
    from quiz.ops.logs import install_json_logs
    from quiz.web.requests import finish_request, start_request
    from quiz.web.static_versions import add_static_version

    # The first before_request hook and the last after_request hook (those run in reverse
    # order), so that a request refused by another hook is timed and logged too.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request_funcs.setdefault(None, []).insert(0, finish_request)
    app.url_defaults(add_static_version)
    app.cli.add_command(ops_cli)
    if not app.testing:
        install_json_logs(app)
