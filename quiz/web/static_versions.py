"""Versioned static URLs: ``url_for('static', ...)`` adds ``?v=`` and 8 hex digits of the
file's content hash, so nginx may tell browsers to keep each file for a year (immutable): a
changed file gets a new URL. Each file is hashed once per process."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app
from werkzeug.security import safe_join


def add_static_version(endpoint: str, values: dict) -> None:
    """``url_defaults`` hook: give static URLs their file's version."""
    if endpoint != "static" or "v" in values or current_app.static_folder is None:
        return
    version = static_version(current_app.static_folder, values.get("filename", ""))
    if version:
        values["v"] = version


@lru_cache(maxsize=512)
def static_version(folder: str, filename: str) -> str | None:
    """The first 8 hex digits of a static file's SHA-256, or None if there is no such file."""
    path = safe_join(folder, filename)
    if path is None or not Path(path).is_file():
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:8]
