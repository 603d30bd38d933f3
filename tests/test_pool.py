"""Pooled PostgreSQL connections: one the server dropped while it sat idle is replaced."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text

from quiz.pool import ping_idle_connections
from tests.conftest import postgres_url_or_skip


def _backend_pid(engine: object) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use() -> None:
    url = postgres_url_or_skip()
    engine = create_engine(url, pool_size=1, max_overflow=0)
    ping_idle_connections(engine, idle_seconds=0.05)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        dropped = _backend_pid(engine)
        with admin.connect() as connection:  # as a server restart would
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
        time.sleep(0.1)

        assert _backend_pid(engine) != dropped  # a fresh connection, and no error
    finally:
        engine.dispose()
        admin.dispose()
