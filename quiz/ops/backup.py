"""Backups of the SQLite database through SQLite's online backup API.

The API copies a consistent snapshot page by page while the app keeps serving (it is what
``sqlite3 .backup`` uses); a plain file copy of a database in WAL mode can miss the latest
transactions or catch one half-written. PostgreSQL has its own tools: see the README.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def sqlite_file(database_url: str) -> Path:
    """The file of a SQLite database URL; BackupError for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"flask ops backup and restore are for SQLite; this database is "
            f"{url.get_backend_name()}: use pg_dump and pg_restore (README, Operations)."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database has no file to back up.")
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the live database to ``target`` (replaced only when done)."""
    source = sqlite_file(database_url)
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _copy(source, partial)
    os.replace(partial, target)


def check_backup(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database made by this app's migrations."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            sound = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            migrated = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
            ).fetchone()
        connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from None
    if not sound or not migrated:
        raise BackupError(f"{path} is damaged or is not a SourceSense database.")


def restore(database_url: str, source: Path) -> None:
    """Replace the live database's content with a backup's, in one step for its readers."""
    check_backup(source)
    target = sqlite_file(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
