"""What every feature's models share: the clock, column widths, enum columns, and the model base."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Enum

from quiz.extensions import db

Model = db.Model

# Column widths, named once: migrations and forms use the same numbers.
LABEL_LENGTH = 32  # a Label or another short enum value
TOKEN_LENGTH = 43  # secrets.token_urlsafe(32) / public ids
CODE_LENGTH = 6  # a join code
NAME_LENGTH = 100  # a person's name
EMAIL_LENGTH = 254  # RFC 5321's longest address
NICKNAME_LENGTH = 24
NICKNAME_KEY_LENGTH = 96  # a nickname's comparison key (up to 4 code points per character)
SLUG_LENGTH = 80
TITLE_LENGTH = 300
OUTLET_LENGTH = 200
URL_LENGTH = 1000
PASSWORD_HASH_LENGTH = 255


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored time as UTC: SQLite returns naive datetimes, and every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def enum_column(enum: type[StrEnum], length: int = LABEL_LENGTH) -> Enum:
    """A column type holding an enum's values (not its member names) as plain text.

    Stored as VARCHAR, as before the enums existed, so no data migration is needed; reads give
    enum members back.
    """
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
