"""gunicorn hooks (see gunicorn.conf.py): how a worker starts and how it ends a connection."""

from __future__ import annotations

import gc
import socket
from typing import Any


def freeze_startup_objects(worker: Any) -> None:
    """gunicorn ``post_worker_init`` hook: keep the app's start-up objects out of collections.

    The worker has just loaded the app; the 100,000 or so objects that made (modules, models,
    compiled templates) live as long as the worker. Left to the garbage collector, every full
    collection walks them all: pauses of 70 ms under the classroom benchmark, during which a
    sync worker answers nobody. Frozen, the longest full collection took 10 ms.
    """
    gc.freeze()


def close_read_side_when_done(worker: Any, req: Any, environ: dict, resp: Any) -> None:
    """gunicorn ``post_request`` hook: end a finished connection without waiting for the client.

    Since gunicorn 26 a sync worker half-closes each connection after the response and then
    reads until the client closes its side (up to 2 s), so that request bytes the app left
    unread cannot make the kernel send a reset that cuts the response short. While it waits,
    the worker serves nobody: on this machine that doubled the CPU time per request and the
    queue behind it. When the request was read to its end and nothing more has arrived,
    there is nothing to protect, so the reading side is shut here and gunicorn's wait ends
    at once. In every other case gunicorn's own wait is left as it is.
    """
    body = getattr(req, "body", None)
    sock = getattr(getattr(req, "unreader", None), "sock", None)
    read_to_the_end = getattr(getattr(body, "reader", None), "length", None) == 0
    if sock is None or not read_to_the_end or getattr(body, "failed", True):
        return
    try:
        if _more_waiting(sock):
            return  # the client sent more than the request: let gunicorn drain it
        sock.shutdown(socket.SHUT_RD)
    except (OSError, ValueError):
        return  # a broken or TLS socket: leave it to gunicorn


def _more_waiting(sock: socket.socket) -> bool:
    """Whether bytes have arrived that nobody read, looking without waiting or consuming."""
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        return bool(sock.recv(1, socket.MSG_PEEK))
    except BlockingIOError:
        return False
    finally:
        sock.settimeout(timeout)
