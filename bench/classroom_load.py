"""Classroom load benchmark: one gunicorn server (or a cluster), a live class, a teacher.

Usage:
    .venv/bin/python bench/classroom_load.py [--database-url URL] [--students 300] [--workers 2]
    .venv/bin/python bench/classroom_load.py --cluster --database-url URL [--pgbouncer MODE]

Without --database-url a fresh SQLite file is used. A given database is emptied and rebuilt
with the migrations: point it at a database kept for benchmarks.

Phases, all against one server started here under gunicorn (sync workers) on 127.0.0.1:
- hello: saturation rate of /healthz (32 connections, 10 s);
- class: the students join a live session on the first article; the teacher moves through the
  statements (all but the last); after each "next" every student's 2-second poll brings the
  new screen (as the page's script does), the student thinks 1 to 3 s and answers (a form post
  sent by the script); the teacher goes on once all have answered (with --reveal, reveals first
  and waits 2.5 s); the teacher's dashboard polls every second; p50/p99 of join, answer and poll;
- burst: after one more "next" (the last statement), every student answers at the same instant;
  requests from that "next" on count in this phase, not in the class phase;
- saturation: answer POSTs (each a real form post with its CSRF token) on 32 connections, 10 s;
- integrity: answers stored = answers acknowledged, and no duplicates.
The last line:
    answers/s=N ratio_to_hello=R p99_answer_ms=M p99_poll_ms=P burst_s=B lost=L duplicates=D

With --cluster (PostgreSQL only): nginx in front of two app servers (each with --workers
workers), pgbouncer (--pgbouncer transaction|session|none) and Redis for the rate limits, as
tests/cluster.py starts them; the same phases run through nginx, then
- costs: CPU milliseconds per request of each program for unchanged polls, changed polls and
  page loads, each alone at saturation for 5 s (answers: from the saturation phase);
- district: --classes live classes of --class-size students at once, each teacher moving on
  when their class has answered. Its line comes before the usual last line:
    district: classes=C students=S answers=N p99_answer_ms=M p99_poll_ms=P lost=L duplicates=D
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen.clients import Samples  # noqa: E402
from bench.loadgen.costs import PROGRAMS, cpu_per_request  # noqa: E402
from bench.loadgen.district import district  # noqa: E402
from bench.loadgen.figures import (  # noqa: E402
    ROOTS,
    count_answers,
    cpu_by_program,
    cpu_used,
    postmaster_pid,
    prepare_database,
    server_times,
)
from bench.loadgen.phases import answer_saturation, class_and_burst, hello_rate  # noqa: E402
from tests.servers import gunicorn  # noqa: E402


async def run(base: str, students: int, reveal: bool) -> tuple[Samples, dict[str, float]]:
    samples = Samples()
    figures: dict[str, float] = {"hello_rps": await hello_rate(base)}
    started, cpu = time.perf_counter(), cpu_by_program()
    figures["burst_s"] = await class_and_burst(base, students, samples, reveal)
    figures["class_s"] = time.perf_counter() - started
    used = cpu_used(cpu, cpu_by_program())
    for program in PROGRAMS:
        figures[f"cpu_{program}"] = used.get(program, 0.0)
    done, seconds = await answer_saturation(base, samples)
    figures["answers_per_s"] = done / seconds
    figures["answers_saturation"] = done
    return samples, figures


def report(args: argparse.Namespace, samples: Samples, figures: dict, logs: list[Path]) -> None:
    """The phases' figures, as the single-server benchmark has always printed them."""
    print(f"hello      rps={figures['hello_rps']:.0f}")
    extra = ""
    if args.cluster:
        extra = "".join(
            f" {name}={figures[f'cpu_{program}']:.1f}"
            for name, program in (
                ("nginx", "nginx"),
                ("pgbouncer", "pgbouncer"),
                ("redis", "redis-server"),
            )
        )
    print(
        f"class      seconds={figures['class_s']:.1f} cpu_s: "
        f"app={figures['cpu_gunicorn']:.1f} postgres={figures['cpu_postgres']:.1f}{extra} "
        f"load_generator={figures['cpu_python']:.1f}"
    )
    for kind in ("join", "poll", "page", "answer", "dashboard", "burst", "saturation"):
        print(samples.line(kind))
    print("time inside the workers (from gunicorn's log), all phases:")
    for line in server_times(*logs):
        print(line)
    if samples.errors:
        print("errors: " + ", ".join(f"{k}={v}" for k, v in samples.errors.items()))


def cost_lines(samples: Samples, figures: dict, costs: dict) -> list[str]:
    """CPU milliseconds per request by program (capacity model inputs)."""
    answer = samples.cpu["answer"]
    costs = {
        "answer": {p: 1000 * answer.get(p, 0) / figures["answers_saturation"] for p in PROGRAMS}
        | {"per_s": figures["answers_per_s"]},
        **costs,
    }
    lines = ["cpu ms per request at saturation (app=gunicorn, load_generator=python):"]
    for kind, by_program in costs.items():
        parts = " ".join(f"{p}={by_program[p]:.2f}" for p in PROGRAMS)
        lines.append(f"  {kind:8s} per_s={by_program['per_s']:6.0f} {parts}")
    return lines


async def run_district(base: str, args: argparse.Namespace) -> tuple[Samples, float, dict]:
    """The district phase; (samples, seconds, CPU seconds by program)."""
    cpu = cpu_by_program()
    samples, seconds = await district(base, args.classes, args.class_size)
    return samples, seconds, cpu_used(cpu, cpu_by_program())


def header(args: argparse.Namespace, url: str) -> None:
    setup = f" cluster=nginx+2_servers pgbouncer={args.pgbouncer}" if args.cluster else ""
    print(
        f"database={url.split(':', 1)[0]} students={args.students} workers={args.workers} "
        f"reveal={'yes' if args.reveal else 'no'}{setup}"
    )


def last_line(samples: Samples, figures: dict, stored: int, distinct: int) -> None:
    """The two closing lines every run prints."""
    ratio = figures["answers_per_s"] / figures["hello_rps"]
    print(f"stored={stored} acknowledged={samples.acknowledged}")
    print(
        f"answers/s={figures['answers_per_s']:.0f} ratio_to_hello={ratio:.2f} "
        f"p99_answer_ms={samples.percentile('answer', 0.99):.1f} "
        f"p99_poll_ms={samples.percentile('poll', 0.99):.1f} "
        f"burst_s={figures['burst_s']:.2f} lost={samples.acknowledged - stored} "
        f"duplicates={stored - distinct}"
    )


def single_server(args: argparse.Namespace, url: str, folder: Path) -> None:
    """The benchmark against one gunicorn server, as it always was."""
    log = folder / "access.log"
    with gunicorn(
        url, workers=args.workers, secret_key=secrets.token_hex(32), access_log=log
    ) as base:
        samples, figures = asyncio.run(run(base, args.students, args.reveal))
    stored, distinct = count_answers(url)
    header(args, url)
    report(args, samples, figures, [log])
    last_line(samples, figures, stored, distinct)


def cluster(args: argparse.Namespace, url: str, folder: Path) -> None:
    """The phases through nginx, the CPU per request, then the district phase."""
    from tests.cluster import local_cluster

    logs = [folder / "access-1.log", folder / "access-2.log"]
    with local_cluster(
        url,
        servers=2,
        workers=args.workers,
        pool_mode=None if args.pgbouncer == "none" else args.pgbouncer,
        redis_db=14,
        nginx_workers=args.nginx_workers,
        access_logs=logs,
    ) as running:
        samples, figures = asyncio.run(run(running.url, args.students, args.reveal))
        costs = asyncio.run(cpu_per_request(running.url))
        stored, distinct = count_answers(url)
        header(args, url)
        report(args, samples, figures, logs)
        print("\n".join(cost_lines(samples, figures, costs)), flush=True)
        district_samples, seconds, used = asyncio.run(run_district(running.url, args))
    stored_d, distinct_d = (
        n - before for n, before in zip(count_answers(url), (stored, distinct), strict=True)
    )
    print(
        f"district   seconds={seconds:.1f} cpu_s: "
        + " ".join(f"{p}={used.get(p, 0):.1f}" for p in PROGRAMS)
    )
    for kind in ("join", "poll", "page", "answer", "dashboard"):
        print(district_samples.line(kind))
    if district_samples.errors:
        print(
            "district errors: " + ", ".join(f"{k}={v}" for k, v in district_samples.errors.items())
        )
    print(
        f"district: classes={args.classes} students={args.classes * args.class_size} "
        f"answers={stored_d} p99_answer_ms={district_samples.percentile('answer', 0.99):.1f} "
        f"p99_poll_ms={district_samples.percentile('poll', 0.99):.1f} "
        f"lost={district_samples.acknowledged - stored_d} duplicates={stored_d - distinct_d}"
    )
    last_line(samples, figures, stored, distinct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--reveal",
        action="store_true",
        help="the teacher also reveals each answer (one more screen per student each time)",
    )
    parser.add_argument("--cluster", action="store_true", help="nginx, two app servers, Redis")
    parser.add_argument(
        "--pgbouncer", choices=("transaction", "session", "none"), default="transaction"
    )
    parser.add_argument("--classes", type=int, default=10, help="district phase (--cluster)")
    parser.add_argument("--class-size", type=int, default=100, help="district phase (--cluster)")
    parser.add_argument("--nginx-workers", type=int, default=1)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/classroom-bench.db"
    if args.cluster and not url.startswith("postgres"):
        parser.error("--cluster needs a PostgreSQL --database-url")
    prepare_database(url, district_teachers=args.classes if args.cluster else 0)
    ROOTS.update(pid for pid in (os.getpid(), postmaster_pid(url)) if pid)  # CPU: ours only
    (cluster if args.cluster else single_server)(args, url, Path(tempfile.mkdtemp()))


if __name__ == "__main__":
    main()
