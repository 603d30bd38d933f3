"""Absolute addresses for what leaves the page: join links, QR codes, links in emails."""

from __future__ import annotations

from flask import current_app, url_for


def public_url(endpoint: str, **values: object) -> str:
    """The app's address for an endpoint: PUBLIC_URL when configured, else the request's host
    (which TRUSTED_HOSTS limits to the names the app answers to)."""
    base = current_app.config["PUBLIC_URL"]
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
