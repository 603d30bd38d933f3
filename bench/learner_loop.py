"""Benchmark the learner's loop in-process: latency per page and peak memory.

Usage: .venv/bin/python bench/learner_loop.py [--database-url URL] [--learners 20]

Each learner starts a run on the first article and answers every statement through the Flask
test client (question page, answer POST, feedback page), then opens the summary. The database is
a fresh SQLite file unless --database-url names another (its tables are dropped and rebuilt).
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz import create_app  # noqa: E402
from quiz.config import CONTENT_DIR, TestConfig  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.library.operations import load_content  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STATEMENT = re.compile(r'name="statement" type="hidden" value="([^"]+)"')


def timed(samples: dict[str, list[float]], name: str, send, url: str, **kwargs):
    start = time.perf_counter()
    response = send(url, **kwargs)
    samples[name].append((time.perf_counter() - start) * 1000)
    assert response.status_code < 400, (name, response.status_code)
    return response


def play(client, samples: dict[str, list[float]]) -> int:
    page = timed(samples, "article", client.get, "/articles/pyongyang-tribute")
    token = TOKEN.search(page.get_data(as_text=True)).group(1)
    start = timed(
        samples,
        "start",
        client.post,
        "/articles/pyongyang-tribute/practice",
        data={"csrf_token": token},
    )
    run_url = start.location
    answered = 0
    while True:
        question = timed(samples, "question", client.get, run_url)
        if question.status_code == 302:
            break
        key = STATEMENT.search(question.get_data(as_text=True)).group(1)
        data = {"csrf_token": token, "statement": key, "label": "speculation"}
        posted = timed(samples, "answer", client.post, f"{run_url}/answers", data=data)
        timed(samples, "feedback", client.get, posted.location)
        answered += 1
    timed(samples, "summary", client.get, f"{run_url}/summary")
    return answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--learners", type=int, default=20)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{workdir}/bench.db"
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_content(CONTENT_DIR)
    samples: dict[str, list[float]] = defaultdict(list)
    play(app.test_client(), defaultdict(list))  # warm-up
    began = time.perf_counter()
    answers = sum(play(app.test_client(), samples) for _ in range(args.learners))
    elapsed = time.perf_counter() - began
    requests = sum(len(v) for v in samples.values())
    print(f"database={url.split(':', 1)[0]} learners={args.learners} answers={answers}")
    for name, values in samples.items():
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        p50 = statistics.median(values)
        print(f"{name:9s} n={len(values):5d} p50_ms={p50:6.2f} p99_ms={p99:6.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"requests/s={requests / elapsed:.0f} answers/s={answers / elapsed:.0f} "
        f"peak_rss_mb={peak_mb:.1f}"
    )
    with app.app_context():
        if args.database_url:
            db.drop_all()
        db.engine.dispose()


if __name__ == "__main__":
    main()
