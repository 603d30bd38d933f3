"""Operating the app: request ids, JSON request logs, metrics, readiness, versioned static URLs."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client import REGISTRY
from sqlalchemy import text

from quiz import create_app
from quiz.config import PROJECT_ROOT, TestConfig, engine_options
from quiz.extensions import db
from quiz.ops.logs import REQUEST_LOG, json_handler
from tests.conftest import app_on_copy
from tests.factories import open_class
from tests.pages import answer_in_class, join_through_form

SQLITE_ONLY = pytest.mark.parametrize("app", ["sqlite"], indirect=True)
NGINX_ID = "0123456789abcdef0123456789abcdef"


@SQLITE_ONLY
def test_every_response_has_a_request_id_that_the_error_page_quotes(client: FlaskClient) -> None:
    page = client.get("/no-such-page")
    request_id = page.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"quote this id: <code>{request_id}</code>" in page.get_data(as_text=True)
    assert client.get("/healthz").headers["X-Request-Id"] != request_id


@SQLITE_ONLY
def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client: FlaskClient) -> None:
    kept = client.get("/healthz", headers={"X-Request-Id": NGINX_ID})
    assert kept.headers["X-Request-Id"] == NGINX_ID
    replaced = client.get("/healthz", headers={"X-Request-Id": "<b>x</b>"})
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-Id"])


@SQLITE_ONLY
def test_each_request_writes_one_json_line(client: FlaskClient) -> None:
    handler = json_handler()
    handler.setStream(stream := io.StringIO())
    REQUEST_LOG.addHandler(handler)
    try:
        client.get("/join", headers={"X-Request-Id": NGINX_ID})
    finally:
        REQUEST_LOG.removeHandler(handler)
    [line] = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["request_id"] == NGINX_ID
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/join", 200)
    assert entry["pid"] == os.getpid()
    assert entry["endpoint"] == "classroom.join"
    assert 0 <= entry["duration_ms"] < 5000


@SQLITE_ONLY
def test_metrics_need_the_token(app: Flask, client: FlaskClient) -> None:
    app.config["METRICS_TOKEN"] = None
    assert client.get("/metrics").status_code == 404
    app.config["METRICS_TOKEN"] = "s3cret"
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    right = client.get("/metrics", headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 200
    assert right.mimetype == "text/plain"


def stored(kind: str) -> float:
    return REGISTRY.get_sample_value("sourcesense_answers_stored_total", {"kind": kind}) or 0.0


@SQLITE_ONLY
def test_metrics_count_requests_per_endpoint_and_answers_stored(
    app: Flask, client: FlaskClient, teacher: int
) -> None:
    _, code = open_class(app, teacher)
    student = join_through_form(app, code, "Ana")
    before = stored("class")
    key, first = answer_in_class(student, code, "verified")
    assert first.status_code == 303
    assert stored("class") == before + 1
    app.config["METRICS_TOKEN"] = "s3cret"
    body = client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).get_data(True)
    count = re.search(
        r'sourcesense_request_duration_seconds_count\{endpoint="classroom.answer"\} (\S+)', body
    )
    assert count and float(count.group(1)) >= 1
    assert re.search(r'sourcesense_responses_total\{status="303"\} \d', body)


def test_ready_when_the_database_is_at_the_migrations_head(
    migrated_sqlite: Path, tmp_path: Path
) -> None:
    app = app_on_copy(migrated_sqlite, tmp_path)
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    behind = app.test_client().get("/readyz")
    assert behind.status_code == 503
    assert behind.get_json()["checks"]["migrations"].startswith("database at older, code at ")
    with app.app_context():
        db.engine.dispose()


def test_not_ready_without_a_database_but_still_healthy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}"
    client = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url}).test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["checks"] == {"database": "unreachable (OperationalError)"}
    assert client.get("/healthz").status_code == 200


@SQLITE_ONLY
def test_static_urls_carry_their_files_content_hash(client: FlaskClient) -> None:
    page = client.get("/join").get_data(as_text=True)
    version = re.search(r'href="/static/css/app\.css\?v=([0-9a-f]{8})"', page).group(1)
    content = (PROJECT_ROOT / "static" / "css" / "app.css").read_bytes()
    assert version == hashlib.sha256(content).hexdigest()[:8]


def test_a_transaction_pooler_turns_prepared_statements_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:6432/sourcesense"
    monkeypatch.delenv("DATABASE_TRANSACTION_POOLER", raising=False)
    assert "connect_args" not in engine_options(url)
    monkeypatch.setenv("DATABASE_TRANSACTION_POOLER", "1")
    assert engine_options(url)["connect_args"] == {"prepare_threshold": None}
    assert engine_options("sqlite:///x.db") == {}


@SQLITE_ONLY
def test_trusted_hosts_refuse_other_host_names(app: Flask, client: FlaskClient) -> None:
    app.config["TRUSTED_HOSTS"] = ["sourcesense.example.org"]
    assert client.get("/join", base_url="http://sourcesense.example.org").status_code == 200
    assert client.get("/join", base_url="http://elsewhere.example.com").status_code == 400
