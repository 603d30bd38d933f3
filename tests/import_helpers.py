"""Helpers for the import tests: archives of article folders, and the choice page's form."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from flask.testing import FlaskClient

from tests.factories import csrf_token

_HELD = re.compile(r'name="held" type="hidden" value="([^"]*)"')


def zip_folder(source: Path, folder: str, replace: dict[str, bytes] | None = None) -> bytes:
    """A zip of an article folder as ``content/<folder>/``, with some files replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.iterdir()):
            data = (replace or {}).get(path.name, path.read_bytes())
            archive.writestr(f"content/{folder}/{path.name}", data)
    return buffer.getvalue()


def upload(client: FlaskClient, data: bytes) -> object:
    """Upload an archive on the import page."""
    page = client.get("/teach/articles/import").get_data(as_text=True)
    return client.post(
        "/teach/articles/import",
        data={"csrf_token": csrf_token(page), "archive": (io.BytesIO(data), "a.zip")},
        content_type="multipart/form-data",
    )


def held(page: str) -> str:
    """The archive the choice page holds."""
    match = _HELD.search(page)
    assert match, "no held archive on the page"
    return match.group(1)


def choose(client: FlaskClient, page: str, choice: str, **extra: object) -> object:
    """Send the choice page's form with this choice (``copy`` or ``update:<slug>``)."""
    data = {"csrf_token": csrf_token(page), "held": held(page), "choice": choice, **extra}
    return client.post(
        "/teach/articles/import/choice", data=data, content_type="multipart/form-data"
    )
