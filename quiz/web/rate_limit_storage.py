"""A storage for the ``limits`` library on the app's own database: rate-limit counts shared by
every worker and every app server, with nothing to install.

Flask-Limiter's ``memory://`` storage counts per process, so with two workers every limit
doubled. Redis (``RATELIMIT_STORAGE_URI=redis://...``) is the usual shared storage; this one
serves where there is no Redis. It supports the fixed-window strategy (Flask-Limiter's default):
one row per key holds the count and the end of its window. Only limited requests touch it
(failed log-ins, failed joins, unknown join codes, sign-ups), never the students' polls.
"""

from __future__ import annotations

import random
import time

from limits.storage import Storage
from sqlalchemy import Column, Float, Integer, String, Table, create_engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from quiz.extensions import db

KEY_LENGTH = 255
CLEANUP_CHANCE = 0.01  # a hit now and then deletes windows that have ended

rate_limit_table = Table(
    "rate_limit",
    db.metadata,
    Column("key", String(KEY_LENGTH), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("expires_at", Float, nullable=False),  # seconds since the epoch
)


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit`` table of the app's database."""

    STORAGE_SCHEME = ["database"]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, **options: object
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        url = str(options.get("database_url") or "")
        if not url:
            raise ValueError("the database storage needs the database_url storage option")
        pooled = {} if url.startswith("sqlite") else {"pool_size": 2, "pool_pre_ping": True}
        self.engine: Engine = create_engine(url, **pooled)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to the key's count, starting a new window if the old one ended."""
        now = time.time()
        table = rate_limit_table
        insert = _insert_for(self.engine)(table).values(
            key=key[:KEY_LENGTH], count=amount, expires_at=now + expiry
        )
        ended = table.c.expires_at <= now
        upsert = insert.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": db.case((ended, amount), else_=table.c.count + amount),
                "expires_at": db.case((ended, now + expiry), else_=table.c.expires_at),
            },
        ).returning(table.c.count)
        with self.engine.begin() as connection:
            count = connection.execute(upsert).scalar_one()
            if random.random() < CLEANUP_CHANCE:
                connection.execute(delete(table).where(table.c.expires_at <= now))
        return count

    def get(self, key: str) -> int:
        """The key's count in its current window (0 when none)."""
        row = self._row(key)
        return row.count if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now, if it has none)."""
        row = self._row(key)
        return row.expires_at if row is not None else time.time()

    def _row(self, key: str):  # noqa: ANN202  (a Row or None)
        table = rate_limit_table
        with self.engine.connect() as connection:
            return connection.execute(
                select(table.c.count, table.c.expires_at).where(table.c.key == key[:KEY_LENGTH])
            ).first()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every count."""
        with self.engine.begin() as connection:
            return connection.execute(delete(rate_limit_table)).rowcount

    def clear(self, key: str) -> None:
        """Forget one key's count."""
        with self.engine.begin() as connection:
            connection.execute(delete(rate_limit_table).where(rate_limit_table.c.key == key))


def _insert_for(engine: Engine):  # noqa: ANN202  (the dialect's insert with ON CONFLICT)
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
