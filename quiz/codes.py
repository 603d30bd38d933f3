"""Join codes (six characters from an alphabet without look-alikes: no 0/O, 1/I/L), and the
unguessable ids that name runs and learners in URLs and cookies.

Pure Python: no Flask, no database.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6


def new_code() -> str:
    """A random join code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_public_id() -> str:
    """An unguessable id for URLs and cookies."""
    return secrets.token_urlsafe(16)


def normalise_code(raw: str) -> str | None:
    """The code a student typed, upper-cased without spaces or dashes; None if impossible."""
    code = "".join(ch for ch in raw.upper() if ch not in " -\t")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
