"""One check for every request: no NUL bytes or control characters in paths, queries or forms.

PostgreSQL refuses NUL in text, and no form of ours has a use for control characters, so they are
refused here with a clear 400 before any view runs, whatever the field. Tabs and line breaks are
text; every other C0 or C1 control character is not.
"""

from __future__ import annotations

import re

from flask import abort, request
from werkzeug.datastructures import MultiDict

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MESSAGE = (
    "What you sent contains invisible control characters ({where}). "
    "Remove them (retyping the text helps) and try again."
)


def has_control_characters(text: str) -> bool:
    """Whether a piece of text holds a NUL byte or another control character."""
    return _CONTROL.search(text) is not None


def refuse_control_characters() -> None:
    """``before_request`` hook: a 400 for a request whose path, query or form holds one."""
    if has_control_characters(request.path):
        abort(400, description=MESSAGE.format(where="in the address"))
    for where, values in (("in the address", request.args), ("in the form", _form())):
        for key, value in values.items(multi=True):
            if has_control_characters(key) or has_control_characters(value):
                abort(400, description=MESSAGE.format(where=where))


def _form() -> MultiDict:
    """The posted form fields (file contents are checked by the code that reads them)."""
    return request.form if request.method in ("POST", "PUT", "PATCH") else MultiDict()
