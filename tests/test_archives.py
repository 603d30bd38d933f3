"""Importing an article zip: every kind of broken or hostile archive gets a clear refusal.

These read archives directly (``read_zip``); the import page shows the same problems with a 400.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from flask import Flask

from quiz.config import CONTENT_DIR
from quiz.library.archives import read_zip

SOURCE = CONTENT_DIR / "kramatorsk-strike-briefing"
FILES = ("article.txt", "meta.toml", "statements.toml")


def archive(
    folder: str = "content/kramatorsk-strike-briefing",
    replace: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_STORED,
) -> bytes:
    """A zip of the real article, with some members replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zipped:
        for name in FILES:
            data = (replace or {}).get(name, (SOURCE / name).read_bytes())
            zipped.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()


def patched(data: bytes, member: str, field_offset: tuple[int, int], value: bytes) -> bytes:
    """Overwrite a field of one member's local header and central directory entry."""
    zipped = zipfile.ZipFile(io.BytesIO(data))
    info = zipped.getinfo(member)
    raw = bytearray(data)
    local, central = field_offset
    raw[info.header_offset + local : info.header_offset + local + len(value)] = value
    start = raw.index(b"PK\x01\x02")
    while True:  # find this member's central directory entry
        name_length = struct.unpack("<H", raw[start + 28 : start + 30])[0]
        if raw[start + 46 : start + 46 + name_length].decode() == member:
            break
        start = raw.index(b"PK\x01\x02", start + 4)
    raw[start + central : start + central + len(value)] = value
    return bytes(raw)


def damaged_data(data: bytes, member: str) -> bytes:
    """Flip bytes inside one member's data (its header stays valid)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    raw = bytearray(data)
    start = info.header_offset + 30 + len(info.filename) + 4
    for i in range(start, start + 16):
        raw[i] ^= 0xFF
    return bytes(raw)


STATEMENTS = "content/kramatorsk-strike-briefing/statements.toml"


def test_an_export_in_either_layout_reads_back() -> None:
    for folder in ("content/kramatorsk-strike-briefing", "kramatorsk-strike-briefing"):
        spec, problems = read_zip(archive(folder))
        assert problems == [] and spec.slug == "kramatorsk-strike-briefing"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "not a zip archive"),
        (b"PK\x03\x04" + b"\x00" * 40, "not a zip archive"),
        (damaged_data(archive(), STATEMENTS), "cannot be read: the archive is damaged"),
        (
            damaged_data(archive(compression=zipfile.ZIP_DEFLATED), STATEMENTS),
            "cannot be read: the archive is damaged",
        ),
        (patched(archive(), STATEMENTS, (6, 8), b"\x01\x00"), "cannot be read: it is encrypted"),
        (patched(archive(), STATEMENTS, (8, 10), b"\x63\x00"), "compressed in a way"),
        (archive(replace={"meta.toml": b"a = " + b"[" * 50_000}), "not valid TOML"),
        (archive(replace={"statements.toml": b"statement = 5"}), "no [[statement]] entries"),
        (archive(replace={"statements.toml": b"statement = [1, 2]"}), "is not a table"),
        (archive(replace={"statements.toml": b"[[statement]]\nquote = 5"}), "'quote' is"),
        (archive(folder="x" * 299), "folder name must be lower-case words"),
        (archive(folder="content/../etc"), "exactly one article folder"),
        (archive(folder="a/b/c"), "exactly one article folder"),
    ],
)
def test_broken_archives_are_refused_with_a_reason(data: bytes, message: str) -> None:
    spec, problems = read_zip(data)
    assert spec is None
    assert any(message in str(problem) for problem in problems), problems


def test_a_huge_member_is_refused_without_reading_it_whole() -> None:
    big = b"word " * 400_000  # 2 MB of text, over the 1 MB limit
    spec, problems = read_zip(archive(replace={"article.txt": big}))
    assert spec is None and any("larger than" in str(p) for p in problems)


def test_import_page_refuses_a_broken_archive_with_400(app: Flask, teacher_client) -> None:
    from tests.factories import fresh_token

    response = teacher_client.post(
        "/teach/articles/import",
        data={
            "csrf_token": fresh_token(teacher_client, "/teach/articles/import"),
            "archive": (io.BytesIO(damaged_data(archive(), STATEMENTS)), "a.zip"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "the archive is damaged" in response.get_data(as_text=True)
