"""A district's set-up on one machine: nginx on a loopback port in front of several app servers
(gunicorn, each with its own workers), sharing one PostgreSQL database (through pgbouncer when
asked) and Redis for the rate limits.

For the cluster tests, ``bench/classroom_load.py --cluster`` and ``deploy/local-cluster.sh``.
Every process is started here, as the user running this, with its configuration in a temporary
folder and on a free loopback port: no system service is needed or touched. nginx runs the
same snippets as the production site (deploy/nginx/); only its upstream list and a test-only
header differ.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.servers import ROOT, free_port, gunicorns

NGINX = os.environ.get("NGINX_PATH", "/usr/sbin/nginx")
PGBOUNCER = os.environ.get("PGBOUNCER_PATH", "/usr/sbin/pgbouncer")
REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379")
DEPLOY = ROOT / "deploy" / "nginx"
# Test-only: a request with this header set to 1 or 2 goes to that app server; without it,
# nginx's round robin chooses. Responses say which server answered in X-Test-Upstream.
BACKEND_HEADER = "X-Test-Backend"
POOL_MODES = ("transaction", "session")


def missing_tools() -> list[str]:
    """What a cluster needs and this machine lacks."""
    missing = [tool for tool in (NGINX, PGBOUNCER) if not Path(tool).exists()]
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means the same: no Redis to use
        missing.append(f"Redis at {REDIS_URL}")
    return missing


def require_cluster_tools(in_ci: bool) -> None:
    """Skip without nginx, pgbouncer or Redis, or fail in CI where the cluster is mandatory."""
    missing = missing_tools()
    if not missing:
        return
    reason = f"cluster tests need {', '.join(missing)} (apt-get install nginx pgbouncer)"
    if in_ci:
        pytest.fail(f"{reason}; mandatory in CI")
    pytest.skip(reason)


def _wait_for_port(port: int, process: subprocess.Popen, name: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not start in time")


def _stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


class Pgbouncer:
    """Debian's pgbouncer in front of PostgreSQL, in a folder of its own; can stop and start.

    pgbouncer refuses to run as root: as root it is started with ``-u nobody``, in a folder
    that nobody owns.
    """

    def __init__(self, database_url: str, mode: str) -> None:
        assert mode in POOL_MODES, mode
        self.target, self.mode = make_url(database_url), mode
        self.folder = folder = Path(tempfile.mkdtemp(prefix="sourcesense-pgbouncer-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        user = self.target.username or "postgres"
        (folder / "users.txt").write_text(f'"{user}" ""\n')
        (folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host={self.target.host or '127.0.0.1'} port={self.target.port or 5432}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
            f"pool_mode = {mode}\ndefault_pool_size = 20\nmax_client_conn = 500\n"
            f"pidfile = {folder / 'pgbouncer.pid'}\n"
            "log_connections = 0\nlog_disconnections = 0\n"
        )
        self.as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
        if self.as_user:
            nobody = pwd.getpwnam("nobody")
            for path in (folder, *folder.iterdir()):
                os.chown(path, nobody.pw_uid, nobody.pw_gid)

    @property
    def url(self) -> str:
        """The database URL through pgbouncer."""
        url = self.target.set(host="127.0.0.1", port=self.port)
        return url.render_as_string(hide_password=False)

    def start(self) -> None:
        command = [PGBOUNCER, *self.as_user, str(self.folder / "pgbouncer.ini")]
        with open(self.folder / "pgbouncer.log", "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log)
        _wait_for_port(self.port, self.process, "pgbouncer")

    def stop(self) -> None:
        _stop(self.process)
        self.process = None


@contextmanager
def pgbouncer(database_url: str, mode: str) -> Iterator[Pgbouncer]:
    """A running pgbouncer in ``mode`` (transaction or session), stopped at the end."""
    bouncer = Pgbouncer(database_url, mode)
    try:
        bouncer.start()
        yield bouncer
    finally:
        bouncer.stop()
        shutil.rmtree(bouncer.folder, ignore_errors=True)


def nginx_config(folder: Path, port: int, servers: list[str], workers: int) -> str:
    """nginx.conf for the local cluster: the site's snippets, our upstreams and temp paths."""
    addresses = [url.removeprefix("http://") for url in servers]
    upstreams = "".join(
        f"upstream sourcesense_{n} {{ server {address}; }}\n"
        for n, address in enumerate(addresses, 1)
    )
    pinned = "".join(f"    {n} sourcesense_{n};\n" for n in range(1, len(addresses) + 1))
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"{kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes {workers};
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
include /etc/nginx/mime.types;
default_type application/octet-stream;
{temp}access_log {folder / "access.log"} combined buffer=64k flush=1s;
sendfile on;
include {DEPLOY / "sourcesense-http.conf"};
upstream sourcesense {{
{"".join(f"    server {address};{chr(10)}" for address in addresses)}}}
{upstreams}map $http_{BACKEND_HEADER.lower().replace("-", "_")} $sourcesense_upstream {{
    default sourcesense;
{pinned}}}
server {{
    listen 127.0.0.1:{port};
    root {ROOT};
    client_header_timeout 15s;
    add_header X-Test-Upstream $upstream_addr always;
    include {DEPLOY / "sourcesense-server.conf"};
}}
}}
"""


@contextmanager
def nginx(folder: Path, servers: list[str], workers: int = 1) -> Iterator[str]:
    """Debian's nginx on a free loopback port in front of the servers; yields its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, port, servers, workers))
    command = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)]
    process = subprocess.Popen(command)
    try:
        _wait_for_port(port, process, "nginx")
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


@dataclass
class Cluster:
    """A running cluster: nginx's URL, the app servers' own URLs, what they share."""

    url: str
    servers: list[str]
    database_url: str
    metrics_token: str
    pgbouncer: Pgbouncer | None


def flush_redis(url: str) -> None:
    """Empty one Redis database (the cluster's rate-limit counts)."""
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


@contextmanager
def local_cluster(
    database_url: str,
    *,
    servers: int = 2,
    workers: int = 2,
    pool_mode: str | None = "transaction",
    redis_db: int = 13,
    nginx_workers: int = 1,
    extra_env: dict[str, str] | None = None,
    access_logs: list[Path] | None = None,
) -> Iterator[Cluster]:
    """nginx, ``servers`` app servers of ``workers`` workers, pgbouncer in ``pool_mode`` (None:
    straight to PostgreSQL) and Redis database ``redis_db`` (emptied first) for rate limits."""
    folder = Path(tempfile.mkdtemp(prefix="sourcesense-cluster-"))
    redis_url = f"{REDIS_URL}/{redis_db}"
    flush_redis(redis_url)
    token = secrets.token_hex(16)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        bouncer = None
        if pool_mode:
            bouncer = stack.enter_context(pgbouncer(database_url, pool_mode))
        env = {
            "PROXY_COUNT": "1",
            "RATELIMIT_STORAGE_URI": redis_url,
            "TRUSTED_HOSTS": "127.0.0.1,localhost",
            "METRICS_TOKEN": token,
            "DATABASE_TRANSACTION_POOLER": "1" if pool_mode == "transaction" else "0",
            **(extra_env or {}),
        }
        app_url = bouncer.url if bouncer else database_url
        urls = stack.enter_context(
            gunicorns(
                app_url,
                count=servers,
                workers=workers,
                secret_key=secrets.token_hex(32),
                extra_env=env,
                access_logs=access_logs,
            )
        )
        url = stack.enter_context(nginx(folder / "nginx", urls, nginx_workers))
        yield Cluster(url, urls, app_url, token, bouncer)


def main() -> None:
    """deploy/local-cluster.sh: migrate a database, load the library, serve until Ctrl-C."""
    import argparse

    parser = argparse.ArgumentParser(description="nginx, two app servers, pgbouncer, Redis")
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database")
    parser.add_argument("--pgbouncer", choices=(*POOL_MODES, "none"), default="transaction")
    parser.add_argument("--workers", type=int, default=2, help="per app server")
    args = parser.parse_args()
    flask = [str(Path(sys.executable).with_name("flask")), "--app", "app"]
    env = {**os.environ, "DATABASE_URL": args.database_url}
    for command in (["db", "upgrade"], ["content", "load"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True)
    mode = None if args.pgbouncer == "none" else args.pgbouncer
    with local_cluster(args.database_url, workers=args.workers, pool_mode=mode) as cluster:
        print(f"SourceSense on {cluster.url} (nginx) in front of {', '.join(cluster.servers)}")
        print(f"metrics: curl -H 'Authorization: Bearer {cluster.metrics_token}' ...")
        print("Create a teacher with: .venv/bin/flask --app app users create-teacher; Ctrl-C stops")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
