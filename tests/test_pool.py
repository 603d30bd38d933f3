"""After PostgreSQL drops connections (a restart), no request fails once it is back."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from quiz.config import engine_options
from tests.conftest import postgres_url_or_skip


def test_a_connection_dropped_just_after_use_is_replaced_before_the_next_use() -> None:
    url = postgres_url_or_skip()
    engine = create_engine(url, pool_size=1, max_overflow=0, **engine_options(url))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            dropped = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as connection:  # as a restart would, the moment it went back
            connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": dropped})

        with engine.connect() as connection:  # no error: a fresh connection
            assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != dropped
    finally:
        engine.dispose()
        admin.dispose()
