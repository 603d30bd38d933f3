"""Configuration read from the environment, with safe defaults for a single machine."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("SOURCESENSE_INSTANCE", PROJECT_ROOT / "instance"))
CONTENT_DIR = Path(os.environ.get("SOURCESENSE_CONTENT", PROJECT_ROOT / "content"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no switch such as ``1``, ``true``, ``0`` or ``off``."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver that we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict[str, object]:
    """Pool settings for a database URL.

    PostgreSQL connections are pinged as they leave the pool: after the server restarts, every
    pooled connection is dead, and without the ping the first request of each worker failed
    (one round trip per request; checking only connections that sat idle was tried and would
    fail the first request on a connection used just before a short restart). Connections are
    also recycled after 30 minutes.
    """
    if url.startswith("sqlite"):
        return {}
    options: dict[str, object] = {"pool_pre_ping": True, "pool_recycle": 1800}
    if env_bool("DATABASE_TRANSACTION_POOLER", False):
        # A pooler in transaction mode (pgbouncer 1.18) hands each transaction to any server
        # connection and keeps no prepared statements: psycopg must not prepare any.
        options["connect_args"] = {"prepare_threshold": None}
    return options


def default_database_url() -> str:
    """The embedded SQLite database file under ``instance/``."""
    return f"sqlite:///{INSTANCE_DIR / 'sourcesense.db'}"


def load_secret_key(instance_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into ``instance/``.

    Every app process on one machine then signs cookies with the same key; several
    machines behind a load balancer must share it through the environment.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_dir / "secret_key"
    instance_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


class Config:
    """Settings for running the app; every value can be set in the environment."""

    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL") or default_database_url()
    )
    CONTENT_DIR = CONTENT_DIR
    INSTANCE_DIR = INSTANCE_DIR

    # Cookies: signed, not readable by scripts, sent only over HTTPS unless switched off
    # for plain-HTTP local use (``make run`` does that for http://127.0.0.1:5000).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    SESSION_COOKIE_NAME = "sourcesense"
    # The session cookie carries the log-in and ends with the browser session; "remember me"
    # has a cookie of its own, and so do the learner's and the student's ids (quiz.web.cookies).
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # Re-sign the cookie only when the session changes, not on every poll.
    SESSION_REFRESH_EACH_REQUEST = False

    # CSRF tokens are bound to the session; a time limit would break a class mid-lesson.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_SSL_STRICT = env_bool("WTF_CSRF_SSL_STRICT", True)

    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    # Rate limits, counted where every worker and server sees the same count: the app's own
    # database by default (quiz.web.rate_limit_storage), or Redis (redis://127.0.0.1:6379).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "30 per 10 minutes")
    LOGIN_RATE_LIMIT_PER_ACCOUNT = os.environ.get(
        "LOGIN_RATE_LIMIT_PER_ACCOUNT", "10 per 5 minutes"
    )
    SIGNUP_RATE_LIMIT = os.environ.get("SIGNUP_RATE_LIMIT", "20 per hour")
    LEARNER_SIGNUP_RATE_LIMIT = os.environ.get("LEARNER_SIGNUP_RATE_LIMIT", "100 per hour")
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "10 per hour")
    CODE_LOOKUP_RATE_LIMIT = os.environ.get("CODE_LOOKUP_RATE_LIMIT", "20 per minute;300 per hour")
    JOIN_FAILURE_RATE_LIMIT = os.environ.get("JOIN_FAILURE_RATE_LIMIT", "60 per minute")
    JOIN_RATE_LIMIT_PER_SESSION = os.environ.get("JOIN_RATE_LIMIT_PER_SESSION", "600 per minute")

    # Mail for confirming addresses and resetting passwords; without MAIL_SERVER none is sent.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_STARTTLS = env_bool("MAIL_STARTTLS", True)
    MAIL_FROM = os.environ.get("MAIL_FROM", "SourceSense <no-reply@localhost>")

    # The address people reach the app at (join links, QR codes, links in emails), such as
    # https://sourcesense.example.org; unset, the request's (trusted) host is used.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")
    # Host names the app answers to (comma-separated); unset, any (fine behind a proxy that
    # only forwards its own names).
    TRUSTED_HOSTS = [
        h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()
    ] or None

    # Trust X-Forwarded-* from this many proxies in front of the app (0: none).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # LTI 1.3 (quiz.lti): the clock skew allowed between the LMS and this server, in seconds;
    # plain-HTTP platform addresses only for the test platform on loopback.
    LTI_CLOCK_SKEW = int(os.environ.get("LTI_CLOCK_SKEW", "60"))
    LTI_ALLOW_HTTP = env_bool("LTI_ALLOW_HTTP", False)

    # Operations: /metrics needs this bearer token (unset: no metrics); class sessions closed
    # longer ago than this many days are deleted by ``flask ops purge`` (unset: kept).
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    CLASS_DATA_RETENTION_DAYS = int(os.environ.get("CLASS_DATA_RETENTION_DAYS") or 0) or None

    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500 * 1024

    @staticmethod
    def secret_key() -> str:
        """The signing key (read lazily so importing this module writes nothing)."""
        return load_secret_key(INSTANCE_DIR)


class TestConfig(Config):
    """Settings for the test suite: a database given by the test, plain-HTTP cookies."""

    TESTING = True
    SESSION_COOKIE_SECURE = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # Counts in the test process (tests of the database storage and of limits shared across
    # workers set their own); the rolled-back test transactions would block SQLite writers.
    RATELIMIT_STORAGE_URI = "memory://"

    @staticmethod
    def secret_key() -> str:
        """A fresh key per test app."""
        return secrets.token_hex(32)
