"""Readiness: may this app server take traffic? Its database answers and its schema is the
one the code's migrations build. Never raises: every failure is a check that says why."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from quiz.config import PROJECT_ROOT
from quiz.extensions import db


@lru_cache(maxsize=4)
def migrations_head(directory: str) -> str:
    """The revision the code's migrations end at (read once per process)."""
    return ScriptDirectory(directory).get_current_head() or "base"


def database_revision() -> str | None:
    """The schema's revision in the database (None when no migration ran there).

    A pooled connection that died with a restarted database fails once and is dropped, with
    the rest of the pool: the check tries once more on a fresh connection before it answers.
    """
    for attempt in (1, 2):
        try:
            with db.engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    return None
                return connection.scalar(text("SELECT version_num FROM alembic_version"))
        except DBAPIError as error:
            if attempt == 2 or not error.connection_invalidated:
                raise
    raise AssertionError("unreachable")


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, what each check found)."""
    directory = Path(current_app.extensions["migrate"].directory)
    head = migrations_head(str(directory if directory.is_absolute() else PROJECT_ROOT / directory))
    try:
        revision = database_revision()
    except SQLAlchemyError as error:
        return False, {"database": f"unreachable ({type(error.orig or error).__name__})"}
    checks = {"database": "ok"}
    if revision == head:
        checks["migrations"] = "ok"
    else:
        checks["migrations"] = f"database at {revision or 'no revision'}, code at {head}"
    return revision == head, checks
