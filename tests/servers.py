"""Run the app under gunicorn on a free loopback port, for tests and benchmarks."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    database_url: str,
    *,
    workers: int = 2,
    secret_key: str,
    extra_env: dict | None = None,
    access_log: Path | None = None,
    pid_in_log: bool = False,
) -> Iterator[str]:
    """Serve app:app with sync workers; yields the base URL and stops the server after.

    With ``access_log``, each request's path, status and time inside the worker (microseconds)
    is logged (and the worker's pid, with ``pid_in_log``).
    """
    logs = [access_log] if access_log is not None else None
    with gunicorns(
        database_url,
        count=1,
        workers=workers,
        secret_key=secret_key,
        extra_env=extra_env,
        access_logs=logs,
        pid_in_log=pid_in_log,
    ) as urls:
        yield urls[0]


@contextmanager
def gunicorns(
    database_url: str,
    *,
    count: int,
    workers: int = 2,
    secret_key: str,
    extra_env: dict | None = None,
    access_logs: list[Path] | None = None,
    pid_in_log: bool = False,
) -> Iterator[list[str]]:
    """Several gunicorn servers of app:app on their own ports, started side by side (each
    with its own master and workers, as on separate machines); yields their base URLs.

    The app's JSON request log (standard output) is dropped: the access logs say what the
    benchmark needs, and errors still reach standard error.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "SESSION_COOKIE_SECURE": "0",
        **(extra_env or {}),
    }
    servers: list[tuple[subprocess.Popen, str]] = []
    try:
        for index in range(count):
            port = free_port()
            log = access_logs[index] if access_logs else None
            command = _command(port, workers, log, pid_in_log)
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            servers.append((process, f"http://127.0.0.1:{port}"))
        for process, url in servers:
            _wait_until_up(url, process)
        yield [url for _, url in servers]
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            process.wait(timeout=20)


def _command(port: int, workers: int, access_log: Path | None, pid_in_log: bool) -> list[str]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "app:app",
    ]
    if access_log is not None:
        command[1:1] = [
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(U)s %(s)s %(D)s" + (" %(p)s" if pid_in_log else ""),
        ]
    return command


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/join", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start in time")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def migrate_afresh() -> None:
    """Empty the app's database (its tables and Alembic's stamp) and build it again with the
    migrations, as a new deployment would (needs an app context)."""
    from flask_migrate import upgrade

    from quiz.config import PROJECT_ROOT
    from quiz.extensions import db

    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade(directory=str(Path(PROJECT_ROOT) / "migrations"))
