"""The deployment folder: the nginx site as nginx reads it, the systemd unit, the settings
template, and servers that install no test tools."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from quiz.config import PROJECT_ROOT
from tests.cluster import NGINX
from tests.conftest import IN_CI

DEPLOY = PROJECT_ROOT / "deploy"


def test_the_settings_template_names_every_setting_the_app_reads() -> None:
    config = (PROJECT_ROOT / "quiz" / "config.py").read_text()
    read = set(re.findall(r'(?:environ\.get|env_bool)\("([A-Z_]+)"', config))
    template = (DEPLOY / "sourcesense.env.example").read_text()
    written = set(re.findall(r"^([A-Z_]+)=", template, re.MULTILINE))
    assert read - written == set()
    for line in ("PROXY_COUNT=1", "SESSION_COOKIE_SECURE=1", "TRUSTED_HOSTS="):
        assert line in template


def test_the_unit_restarts_gunicorn_on_failure_with_the_projects_settings() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(DEPLOY / "systemd" / "sourcesense@.service")
    service = unit["Service"]
    assert service["Restart"] == "on-failure"
    assert "gunicorn --config gunicorn.conf.py --bind 127.0.0.1:%i app:app" in service["ExecStart"]
    assert service["EnvironmentFile"] == "/etc/sourcesense/sourcesense.env"
    assert service["Environment"].startswith("PROMETHEUS_MULTIPROC_DIR=")


def test_servers_install_no_test_benchmark_or_lint_tools() -> None:
    runtime = (PROJECT_ROOT / "requirements.txt").read_text().lower()
    for tool in ("pytest", "playwright", "ruff", "hypothesis", "aiohttp"):
        assert f"\n{tool}" not in runtime
    dev = (PROJECT_ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in dev


def test_nginx_accepts_the_site_as_shipped(tmp_path: Path) -> None:
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        reason = "the site check needs nginx and openssl (apt-get install nginx openssl)"
        pytest.fail(reason) if IN_CI else pytest.skip(reason)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        + ["-nodes", "-days", "1", "-subj", "/CN=sourcesense.example.org"]
        + ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "sourcesense.conf").read_text()
    site = site.replace("/etc/nginx/snippets/", f"{DEPLOY / 'nginx'}/")
    site = re.sub(r"/etc/letsencrypt/live/[^;]*/fullchain\.pem", str(tmp_path / "cert.pem"), site)
    site = re.sub(r"/etc/letsencrypt/live/[^;]*/privkey\.pem", str(tmp_path / "key.pem"), site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\ninclude {tmp_path / 'site.conf'};\n}}\n"
    )
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log")]
        + ["-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr
