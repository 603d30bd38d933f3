"""gunicorn hooks (see gunicorn.conf.py): how a worker starts and how it ends a connection."""

from __future__ import annotations

import gc
import os
import shutil
import socket
import tempfile
from pathlib import Path
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


# Metrics of several workers (prometheus-client's multiprocess mode, see quiz/ops/metrics.py).
_METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"
_own_metrics_folder: list[str] = []


def prepare_metrics_folder(server: Any) -> None:
    """gunicorn ``on_starting`` hook: an empty folder for the workers' metric files.

    Set before any worker starts (workers import prometheus-client after the fork, so they all
    see it). A folder given in the environment (systemd's RuntimeDirectory) is emptied, since
    files left by an earlier run would add their counts to this one's; else one is made.
    """
    folder = os.environ.get(_METRICS_DIR)
    if folder:
        os.makedirs(folder, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()
    else:
        folder = tempfile.mkdtemp(prefix="sourcesense-metrics-")
        _own_metrics_folder.append(folder)
        os.environ[_METRICS_DIR] = folder


def forget_dead_worker(server: Any, worker: Any) -> None:
    """gunicorn ``child_exit`` hook: a dead worker's live values leave the metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def remove_own_metrics_folder(server: Any) -> None:
    """gunicorn ``on_exit`` hook: remove the folder ``prepare_metrics_folder`` made."""
    for folder in _own_metrics_folder:
        shutil.rmtree(folder, ignore_errors=True)
