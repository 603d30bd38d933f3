"""Setting up the benchmark's database and reading figures: answers stored, time in the
workers, CPU by program."""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from pathlib import Path

from bench.loadgen.clients import PASSWORD, TEACHER

ROOT = Path(__file__).resolve().parent.parent.parent


def district_teacher(n: int) -> str:
    """The email of the district phase's teacher number n."""
    return f"district{n}@example.org"


def prepare_database(url: str, district_teachers: int = 0) -> None:
    """Empty the database, migrate it, load the content and create the teacher."""
    from quiz import create_app
    from quiz.accounts.operations import create_teacher
    from quiz.config import CONTENT_DIR, TestConfig
    from quiz.extensions import db
    from quiz.library.operations import load_content
    from tests.servers import migrate_afresh

    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        migrate_afresh()
        load_content(CONTENT_DIR)
        create_teacher("Bench Teacher", TEACHER, PASSWORD)
        for n in range(district_teachers):
            create_teacher(f"District Teacher {n}", district_teacher(n), PASSWORD)
        db.engine.dispose()


def count_answers(url: str) -> tuple[int, int]:
    """Answers stored, and distinct (student, statement) pairs among them."""
    from sqlalchemy import func, select

    from quiz import create_app
    from quiz.classroom.models import ClassAnswer
    from quiz.config import TestConfig
    from quiz.extensions import db

    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        stored = db.session.scalar(select(func.count(ClassAnswer.id)))
        pairs = select(ClassAnswer.participant_id, ClassAnswer.statement_id).distinct().subquery()
        distinct = db.session.scalar(select(func.count()).select_from(pairs))
        db.engine.dispose()
    return stored, distinct


def server_times(*access_logs: Path) -> list[str]:
    """p50/p99 of the time each kind of request spent inside a worker (queueing excluded)."""
    kinds: dict[str, list[float]] = defaultdict(list)
    lines = [line for log in access_logs for line in log.read_text().splitlines()]
    for line in lines:
        path, status, micros = line.rsplit(" ", 2)
        if path.endswith("/state.json"):
            kind = "poll 304" if status == "304" else "poll new"
        elif path.endswith("/answers"):
            kind = "answer"
        elif path.startswith("/play/"):
            kind = "page"
        else:
            continue
        kinds[kind].append(int(micros) / 1000)
    lines = []
    for kind, values in sorted(kinds.items()):
        values.sort()
        p50 = statistics.median(values)
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        lines.append(f"  {kind:8s} n={len(values):6d} p50_ms={p50:7.2f} p99_ms={p99:7.2f}")
    return lines


# Processes whose CPU counts: descendants of these (the benchmark itself, which starts the
# servers, and the database's postmaster), so that other work on the machine is left out.
# Empty: every process counts. Redis is a shared service and always counts.
ROOTS: set[int] = set()


def postmaster_pid(url: str) -> int | None:
    """The PostgreSQL server process behind a database URL (None for SQLite)."""
    if not url.startswith("postgres"):
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
        return _stat(backend)[1]  # while the backend lives


def _stat(pid: int) -> tuple[str, int, float]:
    """(program, parent pid, CPU seconds) of a process."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return text[text.index("(") + 1 : text.rindex(")")], int(fields[1]), cpu


def cpu_by_program() -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each counted process: {pid: (program, seconds)}."""
    every: dict[int, tuple[str, int, float]] = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            every[int(folder.name)] = _stat(int(folder.name))
        except (OSError, ValueError):
            continue
    return {
        pid: (name, cpu)
        for pid, (name, _, cpu) in every.items()
        if not ROOTS or name == "redis-server" or _descends(pid, every)
    }


def _descends(pid: int, every: dict[int, tuple[str, int, float]]) -> bool:
    while pid > 1:
        if pid in ROOTS:
            return True
        pid = every[pid][1] if pid in every else 0
    return False


def cpu_used(
    before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]
) -> dict[str, float]:
    """CPU seconds each program used between two readings (processes that ended meanwhile
    are missed; processes that started count whole)."""
    used: dict[str, float] = defaultdict(float)
    for pid, (name, seconds) in after.items():
        earlier = before.get(pid)
        used[name] += seconds - (earlier[1] if earlier and earlier[0] == name else 0.0)
    return used
