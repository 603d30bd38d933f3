"""Entry point for ``flask --app app`` and WSGI servers."""

from quiz import create_app

app = create_app()
