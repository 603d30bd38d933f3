"""The class's screen of a session: a live session's projector (one statement, the class split,
the reveal) or a self-paced session's join screen; its figures every second; the live controls.

A control posted by the page's script (``Accept: application/json``) is answered with the new
screen, which the script swaps in without a reload; a plain form post is redirected back.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import segno
from flask import flash, jsonify, render_template, request
from werkzeug.wrappers import Response

from quiz.classroom import operations, queries
from quiz.classroom.blueprint import bp
from quiz.classroom.models import ClassSession
from quiz.classroom.teacher_access import back, checked_action, wants_json, with_own_session
from quiz.database import utcnow
from quiz.errors import DomainError
from quiz.library.presenters import source_passage
from quiz.web.addresses import public_url
from quiz.web.forms import ActionForm


def join_link(class_session: ClassSession) -> str:
    """The address students type or scan: PUBLIC_URL when configured, never a Host header
    that the app was not told to trust."""
    return public_url("classroom.join_code", code=class_session.code)


def stage_kind(class_session: ClassSession, is_open: bool) -> str:
    """What the class's screen shows: lobby, question, reveal or closed."""
    if not is_open:
        return "closed"
    if not class_session.is_live or class_session.current_index < 0:
        return "lobby"
    return "reveal" if class_session.revealed else "question"


def stage_context(class_session: ClassSession, *, split: bool = False) -> dict[str, Any]:
    """Everything the class's screen shows; ``split``: the class split is open."""
    is_open = class_session.is_open(utcnow())
    current = queries.current_statement(class_session)
    kind = stage_kind(class_session, is_open)
    return {
        "class_session": class_session,
        "kind": kind,
        "current": current,
        "total": len(class_session.statement_ids),
        "passage": source_passage(current) if current and kind == "reveal" else None,
        "split_open": split or kind == "reveal",
        "snapshot": queries.live_snapshot(class_session),
        "join_url": join_link(class_session),
        "join_page": public_url("classroom.join"),
        "form": ActionForm(),
        "is_open": is_open,
    }


def stage_json(class_session: ClassSession, message: str | None = None) -> Response:
    """The class's new screen for the page's script (409 with a message when refused)."""
    html = render_template("classroom/_stage.html", **stage_context(class_session))
    response = jsonify(version=class_session.version, html=html, message=message)
    response.status_code = 409 if message else 200
    return response


@bp.get("/teach/sessions/<int:session_id>")
@with_own_session
def dashboard(class_session: ClassSession) -> str:
    """The class's screen: the projector of a live session, the join screen of a self-paced one."""
    context = stage_context(class_session, split=request.args.get("split") == "1")
    return render_template("classroom/dashboard.html", **context)


@bp.get("/teach/sessions/<int:session_id>/screen.json")
@with_own_session
def screen(class_session: ClassSession) -> Response:
    """The class's screen as HTML in JSON, for the page's script when the session changed."""
    return stage_json(class_session)


@bp.get("/teach/sessions/<int:session_id>/live.json")
@with_own_session
def live(class_session: ClassSession) -> Response:
    """The dashboard's figures as JSON, with an ETag so unchanged polls cost little."""
    etag = queries.change_marker(class_session)
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache"})
    response = jsonify(queries.live_snapshot(class_session))
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/teach/sessions/<int:session_id>/qr.svg")
@with_own_session
def qr(class_session: ClassSession) -> Response:
    """A QR code of the session's join link, drawn by segno."""
    buffer = io.BytesIO()
    segno.make(join_link(class_session), error="m").save(
        buffer, kind="svg", scale=8, border=2, title="Join link"
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.post("/teach/sessions/<int:session_id>/next")
@with_own_session
def advance(class_session: ClassSession) -> Response:
    """Live: move to the next statement."""
    return live_action(operations.advance, class_session)


@bp.post("/teach/sessions/<int:session_id>/reveal")
@with_own_session
def reveal(class_session: ClassSession) -> Response:
    """Live: reveal the current statement's answer to everyone."""
    return live_action(operations.reveal, class_session)


def live_action(
    action: Callable[[ClassSession], None],
    class_session: ClassSession,
    done: str | None = None,
) -> Response:
    """Run a teacher's action; answer the script with the new screen, a plain post with a
    redirect back (``done``: the message for a plain post that succeeded)."""
    checked_action()
    try:
        action(class_session)
    except DomainError as error:
        message: str | None = error.message
    else:
        message = None
    if wants_json():
        return stage_json(class_session, message)
    if message or done:
        flash(message or done)
    return back(class_session)
