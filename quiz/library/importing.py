"""Importing an exported article that is already here: what it matches, the title of a copy,
and the archive held while the teacher chooses.

An archive matches an article the teacher can see (their own or the public library's) with the
same folder name (slug) or the same text. The teacher then chooses between updating their own
article and importing a copy; nothing is imported before that, so nothing is duplicated
silently.

Between the upload and the choice the archive travels in the choice page's form, signed
(bound to the teacher, valid for an hour), rather than in a file on the server: nothing is
kept between the two requests, and the second one reads the archive again exactly as an upload
(``read_zip``), so the field can carry nothing the teacher could not upload anyway. An archive
whose field would pass the form-size limit is asked for again instead.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner
from sqlalchemy import or_, select

from quiz.database import TITLE_LENGTH
from quiz.extensions import db
from quiz.library.content_files import ArticleSpec
from quiz.library.models import Article

HOLD_MAX_AGE = 3600  # seconds a held archive stays valid
# Characters of a held archive's field: under MAX_FORM_MEMORY_SIZE (500 KB) with room for the
# rest of the form. A 20,000-word article's archive needs about 70,000.
HOLD_LIMIT = 400_000
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024  # MAX_CONTENT_LENGTH: no upload was larger


@dataclass(frozen=True)
class Match:
    """An article the archive is like, and how."""

    article: Article
    own: bool  # the teacher's own article (which they may update)
    same_slug: bool
    same_text: bool


def matches(spec: ArticleSpec, user_id: int) -> list[Match]:
    """The articles this teacher can see with the archive's slug or text, their own first."""
    alike = or_(Article.slug == spec.slug, Article.body == spec.body)
    found = db.session.scalars(
        select(Article).where(Article.visible_to(user_id), alike).order_by(Article.id)
    )
    return sorted(
        (Match(a, a.owner_id == user_id, a.slug == spec.slug, a.body == spec.body) for a in found),
        key=lambda match: not match.own,
    )


def copy_title(title: str, user_id: int) -> str:
    """'<title> (copy)', or '(copy 2)' and so on: a title no article the teacher sees has."""
    base = title[: TITLE_LENGTH - len(" (copy 999)")]
    taken = set(
        db.session.scalars(
            select(Article.title).where(
                Article.visible_to(user_id), Article.title.startswith(base, autoescape=True)
            )
        )
    )
    number, candidate = 1, f"{base} (copy)"
    while candidate in taken:
        number += 1
        candidate = f"{base} (copy {number})"
    return candidate


def _signer(user_id: int) -> TimestampSigner:
    return TimestampSigner(current_app.secret_key, salt=f"sourcesense.import-archive.{user_id}")


def hold(data: bytes, user_id: int) -> str | None:
    """The archive as a signed form value for this teacher, or None when it is too large."""
    packed = base64.urlsafe_b64encode(zlib.compress(data, 9))
    token = _signer(user_id).sign(packed).decode("ascii")
    return token if len(token) <= HOLD_LIMIT else None


def release(token: str, user_id: int) -> bytes | None:
    """The archive a held value carries, or None when it is not this teacher's, expired or
    damaged."""
    try:
        packed = _signer(user_id).unsign(token, max_age=HOLD_MAX_AGE)
        unpacker = zlib.decompressobj()
        data = unpacker.decompress(base64.urlsafe_b64decode(packed), MAX_ARCHIVE_BYTES)
    except (BadSignature, binascii.Error, ValueError, zlib.error):
        return None
    return None if unpacker.unconsumed_tail else data
