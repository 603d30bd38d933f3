"""Who may open a page: the checks that views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required


def teacher_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Logged-in teachers only: others get 403 (anonymous users a page that says to log in)."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_teacher:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def viewer_id() -> int | None:
    """The logged-in user's id, or None for anyone else."""
    return current_user.id if current_user.is_authenticated else None
