"""Helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

LABEL_LENGTH = 32


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)
