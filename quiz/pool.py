"""Pooled PostgreSQL connections that sat idle are checked before use.

After PostgreSQL restarts, every pooled connection is dead. SQLAlchemy's ``pool_pre_ping``
checks each connection at every checkout: one more round trip to the database on every
request, about a tenth of a poll's cost. A connection that is busy (a class polls every 2
seconds) cannot have missed a restart without a request on it failing, and such a failure
invalidates the whole pool at once; only a connection that sat idle can be dead unnoticed.
So only those are pinged.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

IDLE_SECONDS_BEFORE_PING = 5.0


def ping_idle_connections(engine: Engine, idle_seconds: float = IDLE_SECONDS_BEFORE_PING) -> None:
    """Ping a connection on checkout when it sat in the pool longer than ``idle_seconds``; a
    dead one is replaced (SQLAlchemy retries the checkout on DisconnectionError)."""

    @event.listens_for(engine, "checkin")
    def note_checkin(dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get("checked_in_at")
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except Exception as error:  # any failure: take a fresh connection instead
            raise exc.DisconnectionError() from error
