"""Beyond one server: nginx in front of two app servers (gunicorn each) sharing one PostgreSQL
database through pgbouncer and Redis for the rate limits, all real processes on this machine.

One cluster serves the whole module; the last test stops and restarts its pgbouncer.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from quiz import create_app
from quiz.config import CONTENT_DIR, TestConfig
from quiz.extensions import db
from quiz.library.operations import load_content
from tests.browser import log_in_teacher, require_chromium
from tests.cluster import BACKEND_HEADER, Cluster, local_cluster, require_cluster_tools
from tests.conftest import IN_CI, scratch_postgres_url
from tests.factories import PASSWORD, csrf_token, make_teacher
from tests.servers import migrate_afresh

pytestmark = pytest.mark.postgres
LOGINS_PER_MINUTE = 2


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """nginx, two app servers of two workers, pgbouncer (transaction mode), Redis; a teacher."""
    require_cluster_tools(IN_CI)
    url = scratch_postgres_url("cluster")
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        migrate_afresh()
        load_content(CONTENT_DIR)
        make_teacher("teacher@example.org", "Cluster Teacher", password=PASSWORD)
        db.session.remove()
        db.engine.dispose()
    limits = {"LOGIN_RATE_LIMIT": f"{LOGINS_PER_MINUTE} per minute"}
    with local_cluster(url, servers=2, workers=2, extra_env=limits) as running:
        yield running


class Client:
    """A cookie-keeping HTTP client, pinned to one app server or left to round robin."""

    def __init__(self, base: str, backend: int | None = None) -> None:
        self.base = base
        self.headers = {BACKEND_HEADER: str(backend)} if backend else {}
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)

    def request(self, path: str, data: dict | None = None, **headers: str) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, body, {**self.headers, **headers})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


def upstream(cluster: Cluster, headers: dict) -> int:
    """Which app server (1 or 2) answered, from the test-only response header."""
    return [url.removeprefix("http://") for url in cluster.servers].index(
        headers["X-Test-Upstream"]
    ) + 1


@pytest.mark.browser
def test_a_live_session_with_the_teacher_and_the_students_on_different_servers(
    browser: object, cluster: Cluster
) -> None:
    require_chromium(IN_CI)
    served: dict[str, set[str]] = {}

    def page(name: str, backend: int | None) -> object:
        headers = {BACKEND_HEADER: str(backend)} if backend else {}
        new = browser.new_context(extra_http_headers=headers).new_page()
        new.on(
            "response",
            lambda r: served.setdefault(name, set()).add(r.headers.get("x-test-upstream")),
        )
        return new

    teacher = page("teacher", 1)
    log_in_teacher(teacher, cluster.url, "teacher@example.org", PASSWORD)
    teacher.get_by_role("link", name="New session on North Korean Leader").click()
    teacher.get_by_label("Live: my screen shows one statement at a time").check()
    teacher.get_by_role("button", name="Open the session").click()
    code = teacher.inner_text(".join-code").strip()

    students = {"Ana": page("Ana", 2), "Cat": page("Cat", None)}
    for nickname, student in students.items():
        student.goto(f"{cluster.url}/join/{code}")
        student.get_by_label("Your nickname").fill(nickname)
        student.get_by_role("button", name="Join").click()
        assert "Waiting for your teacher" in student.inner_text("main")
    expect(teacher.locator("[data-lobby-names] li")).to_have_count(2, timeout=10_000)

    teacher.get_by_role("button", name="Start with the first statement").click()
    for key, student in zip("13", students.values(), strict=True):
        student.wait_for_selector("html[data-keys-ready] [data-answer-form]", timeout=10_000)
        student.keyboard.press(key)
        student.wait_for_selector("text=Answer received")
    expect(teacher.locator("[data-current-answered]")).to_have_text("2", timeout=10_000)
    teacher.get_by_role("button", name="Show the split").click()
    expect(teacher.locator('.split [data-count="verified"]')).to_have_text("1")
    assert teacher.inner_text('.split [data-count="speculation"]') == "1"

    teacher.get_by_role("button", name="Reveal the answer").click()
    for student in students.values():
        student.wait_for_selector("h1:has-text('The answer:')", timeout=10_000)
        assert student.locator(".passage mark.cue").count() >= 1
    for student in (teacher, *students.values()):
        student.context.close()

    first, second = (url.removeprefix("http://") for url in cluster.servers)
    assert served["teacher"] - {None} == {first}
    assert served["Ana"] - {None} == {second}
    assert served["Cat"] - {None} == {first, second}  # round robin
    assert None in served["Ana"]  # static files, which nginx served itself


def test_failed_logins_are_counted_once_across_servers(cluster: Cluster) -> None:
    def fail_to_log_in(backend: int) -> int:
        client = Client(cluster.url, backend)
        _, _, page = client.request("/login")
        data = {"csrf_token": csrf_token(page), "email": "x@example.org", "password": "wrong"}
        status, headers, _ = client.request("/login", data)
        assert upstream(cluster, headers) == backend
        return status

    statuses = [fail_to_log_in(1 + n % 2) for n in range(LOGINS_PER_MINUTE)]
    assert statuses == [401] * LOGINS_PER_MINUTE
    assert [fail_to_log_in(1), fail_to_log_in(2)] == [429, 429]


def test_nginx_spreads_requests_passes_their_ids_and_serves_static_files(cluster: Cluster) -> None:
    client = Client(cluster.url)
    answers = [client.request("/join") for _ in range(4)]
    assert {upstream(cluster, headers) for _, headers, _ in answers} == {1, 2}
    status, headers, page = answers[0]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-Id"])  # nginx's $request_id
    assert "X-Forwarded" not in page

    versioned = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{8})"', page).group(1)
    status, headers, _ = client.request(versioned)
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Test-Upstream" not in headers  # nginx served it without asking an app server
    assert client.request("/static/css/app.css")[1]["Cache-Control"] == "no-cache"
    assert client.request("/readyz")[0] == 200


def test_metrics_add_up_each_servers_workers_and_stay_internal(cluster: Cluster) -> None:
    assert Client(cluster.url).request("/metrics")[0] == 404  # nginx never passes it on
    server = Client(cluster.servers[0])
    token = {"Authorization": f"Bearer {cluster.metrics_token}"}
    count = re.compile(
        r'sourcesense_request_duration_seconds_count\{endpoint="ops.healthz"\} (\S+)'
    )

    def healthz_count() -> float:
        status, _, body = server.request("/metrics", **token)
        assert status == 200
        found = count.search(body)
        return float(found.group(1)) if found else 0.0

    before = healthz_count()
    for _ in range(6):
        server.request("/healthz")
    assert healthz_count() == before + 6
    assert server.request("/metrics")[0] == 401


def half_requests(url: str, count: int) -> list[socket.socket]:
    """Connections that each sent half a request (headers and part of the body) and wait."""
    address = ("127.0.0.1", int(url.rsplit(":", 1)[1]))
    half = (
        b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nemail="
    )
    connections = [socket.create_connection(address) for _ in range(count)]
    for connection in connections:
        connection.sendall(half)
    time.sleep(0.1)
    return connections


def test_a_slow_client_holds_no_app_worker(cluster: Cluster) -> None:
    slow = half_requests(cluster.url, 8)  # twice the four workers of the two servers
    try:
        started = time.monotonic()
        for _ in range(8):
            assert Client(cluster.url).request("/healthz")[0] == 200
        assert time.monotonic() - started < 2
    finally:
        for connection in slow:
            connection.close()
    # Without nginx in front, two such clients hold both workers of a server.
    slow = half_requests(cluster.servers[0], 2)
    try:
        with pytest.raises((TimeoutError, urllib.error.URLError)):
            urllib.request.urlopen(cluster.servers[0] + "/healthz", timeout=0.5)
    finally:
        for connection in slow:
            connection.close()


def test_health_and_readiness_while_the_database_is_down_and_up(cluster: Cluster) -> None:
    client = Client(cluster.url)
    assert client.request("/readyz")[0] == 200
    cluster.pgbouncer.stop()  # the app servers' only way to PostgreSQL
    try:
        for _ in range(2):  # one request per server
            status, _, body = client.request("/readyz")
            assert status == 503
            assert json.loads(body)["checks"] == {"database": "unreachable (OperationalError)"}
            assert client.request("/healthz")[0] == 200
    finally:
        cluster.pgbouncer.start()
    assert [client.request("/readyz")[0] for _ in range(2)] == [200, 200]
