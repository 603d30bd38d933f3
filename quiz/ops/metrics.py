"""Prometheus metrics: request latency per endpoint, responses per status, answers stored.

Under gunicorn each worker is a process of its own: gunicorn.conf.py points
PROMETHEUS_MULTIPROC_DIR at a fresh folder before the workers start, each worker writes its
values there, and /metrics adds up every worker's files (prometheus-client's multiprocess
mode). Without that variable (the tests, ``flask run``) the values live in the process.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

REQUEST_SECONDS = Histogram(
    "sourcesense_request_duration_seconds",
    "Time from a request's first hook to its response, by endpoint.",
    ["endpoint"],
    buckets=(0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
RESPONSES = Counter("sourcesense_responses", "Responses sent, by status code.", ["status"])
ANSWERS = Counter("sourcesense_answers_stored", "Answers stored (not repeats), by kind.", ["kind"])
_CLASS_ANSWERS = ANSWERS.labels("class")
_PRACTICE_ANSWERS = ANSWERS.labels("practice")


def observe_request(endpoint: str, status: int, seconds: float) -> None:
    """Count one response and its time."""
    REQUEST_SECONDS.labels(endpoint).observe(seconds)
    RESPONSES.labels(str(status)).inc()


def count_answer_stored(kind: str) -> None:
    """One more answer stored: ``class`` (a classroom session) or ``practice`` (self-study)."""
    (_CLASS_ANSWERS if kind == "class" else _PRACTICE_ANSWERS).inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus's text format, every worker's added up; (body, type)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
