"""Classroom load benchmark: one gunicorn server, a live class of students, a teacher.

Usage:
    .venv/bin/python bench/classroom_load.py [--database-url URL] [--students 300] [--workers 2]

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
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STATEMENT = re.compile(r'name="statement" type="hidden" value="([^"]+)"')
CHECKBOX = re.compile(r'name="statements" type="checkbox" value="([^"]+)"')
CODE = re.compile(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>')
SLUG = "pyongyang-tribute"
LABELS = ("verified", "intelligence_claim", "speculation")
PASSWORD = "benchmark password"


@dataclass
class Samples:
    """Latencies in milliseconds per kind of request, and acknowledged answers."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: int = 0
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, started: float) -> None:
        self.ms[kind].append((time.perf_counter() - started) * 1000)

    def percentile(self, kind: str, share: float) -> float:
        values = sorted(self.ms[kind])
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(len(values) * share))]

    def line(self, kind: str) -> str:
        values = self.ms[kind]
        if not values:
            return f"{kind:10s} n=0"
        return (
            f"{kind:10s} n={len(values):6d} p50_ms={statistics.median(values):7.2f} "
            f"p99_ms={self.percentile(kind, 0.99):7.2f} max_ms={max(values):7.2f}"
        )


def prepare_database(url: str) -> None:
    """Empty the database, migrate it, load the content and create the teacher."""
    from flask_migrate import upgrade

    from quiz import create_app
    from quiz.accounts.operations import create_teacher
    from quiz.config import CONTENT_DIR, TestConfig
    from quiz.extensions import db
    from quiz.library.operations import load_content

    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(directory=str(ROOT / "migrations"))
        load_content(CONTENT_DIR)
        create_teacher("Bench Teacher", "bench@example.org", PASSWORD)
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


def server_times(access_log: Path) -> list[str]:
    """p50/p99 of the time each kind of request spent inside a worker (queueing excluded)."""
    kinds: dict[str, list[float]] = defaultdict(list)
    for line in access_log.read_text().splitlines():
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


def new_client() -> aiohttp.ClientSession:
    """A browser-like client: its own cookies, no automatic redirects."""
    return aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=aiohttp.ClientTimeout(total=60),
        connector=aiohttp.TCPConnector(limit=0, force_close=True),
    )


async def saturate(make_request, connections: int, seconds: float) -> tuple[int, int]:
    """Run make_request() on parallel connections for a while; (completed, failed)."""
    deadline = time.perf_counter() + seconds
    done = failed = 0

    async def loop() -> None:
        nonlocal done, failed
        while time.perf_counter() < deadline:
            ok = await make_request()
            if ok is None:
                return
            done += ok
            failed += not ok

    await asyncio.gather(*(loop() for _ in range(connections)))
    return done, failed


class Teacher:
    """The teacher's browser: opens sessions, drives the live one, polls the dashboard."""

    def __init__(self, base: str, samples: Samples) -> None:
        self.base, self.samples = base, samples
        self.client = new_client()
        self.token = ""
        self.snapshot: dict = {}
        self.etag: str | None = None

    async def log_in(self) -> None:
        async with self.client.get(self.base + "/login") as r:
            token = TOKEN.search(await r.text()).group(1)
        data = {"csrf_token": token, "email": "bench@example.org", "password": PASSWORD}
        async with self.client.post(self.base + "/login", data=data, allow_redirects=False) as r:
            assert r.status == 303, r.status

    async def open_session(self, mode: str) -> tuple[str, str]:
        url = f"{self.base}/teach/articles/{SLUG}/sessions/new"
        async with self.client.get(url) as r:
            page = await r.text()
        self.token = TOKEN.search(page).group(1)
        data = [("csrf_token", self.token), ("mode", mode), ("feedback", "each")]
        data += [("statements", key) for key in CHECKBOX.findall(page)]
        async with self.client.post(url, data=data, allow_redirects=False) as r:
            assert r.status == 303, r.status
            location = r.headers["Location"]
        async with self.client.get(self.base + location) as r:
            code = CODE.search(await r.text()).group(1)
        return location, code

    async def act(self, session_path: str, action: str) -> None:
        data = {"csrf_token": self.token}
        url = f"{self.base}{session_path}/{action}"
        async with self.client.post(url, data=data, allow_redirects=False) as r:
            assert r.status == 303, (action, r.status)

    async def poll_dashboard(self, session_path: str, stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            headers = {"If-None-Match": self.etag} if self.etag else {}
            url = f"{self.base}{session_path}/live.json"
            async with self.client.get(url, headers=headers) as r:
                if r.status == 200:
                    self.etag = r.headers.get("ETag")
                    self.snapshot = await r.json()
            self.samples.add("dashboard", started)
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))

    def answered(self, index: int) -> int:
        """Answers to the statement at index, once the dashboard shows it as current."""
        if not self.snapshot or self.snapshot["current"] != index:
            return 0
        return sum(self.snapshot["statements"][index]["counts"].values())


class Student:
    """A student's browser in the live session: polls, reloads, thinks, answers."""

    def __init__(self, base: str, code: str, nickname: str, samples: Samples) -> None:
        self.base, self.code, self.nickname, self.samples = base, code, nickname, samples
        self.client = new_client()
        self.etag: str | None = None
        self.form: dict[str, str] | None = None
        self.answering: asyncio.Task | None = None
        self.think = True

    async def join(self) -> None:
        started = time.perf_counter()
        async with self.client.get(f"{self.base}/join/{self.code}") as r:
            token = TOKEN.search(await r.text()).group(1)
        data = {"csrf_token": token, "nickname": self.nickname}
        url = f"{self.base}/join/{self.code}"
        async with self.client.post(url, data=data, allow_redirects=False) as r:
            assert r.status == 303, r.status
        self.samples.add("join", started)
        await self.load_page()

    async def load_page(self) -> None:
        started = time.perf_counter()
        async with self.client.get(f"{self.base}/play/{self.code}") as r:
            page = await r.text()
        self.samples.add("page", started)
        self.read_form(page)
        etag = re.search(r'data-etag="([^"]+)"', page)
        self.etag = f'"{etag.group(1)}"' if etag else self.etag

    def read_form(self, html: str) -> None:
        """Keep the answer form's fields if the screen asks a question."""
        token, statement = TOKEN.search(html), STATEMENT.search(html)
        self.form = (
            {"csrf_token": token.group(1), "statement": statement.group(1)}
            if token and statement
            else None
        )

    async def answer(self, think: bool = True) -> None:
        """Answer as the page's script does in a live session: one POST, no page load."""
        if think:
            await asyncio.sleep(random.uniform(1.0, 3.0))
        if self.form is None:
            return
        data = {**self.form, "label": random.choice(LABELS)}
        started = time.perf_counter()
        url = f"{self.base}/play/{self.code}/answers"
        headers = {"Accept": "application/json"}
        async with self.client.post(url, data=data, headers=headers) as r:
            status = r.status
            await r.read()
        self.samples.add("answer", started)
        if status == 200:
            self.samples.acknowledged += 1
        else:
            self.samples.errors[f"answer {status}"] += 1
        self.form = None

    async def follow(self, stop: asyncio.Event) -> None:
        """Poll as the page's script does; a changed session brings the new screen with it."""
        await asyncio.sleep(random.uniform(0, 2.0))
        while not stop.is_set():
            started = time.perf_counter()
            headers = {"If-None-Match": self.etag} if self.etag else {}
            url = f"{self.base}/play/{self.code}/state.json"
            async with self.client.get(url, headers=headers) as r:
                screen = (await r.json())["html"] if r.status == 200 else None
                if r.status == 200:
                    self.etag = r.headers.get("ETag")
            self.samples.add("poll", started)
            if screen is not None:
                self.read_form(screen)
                if self.form is not None and self.think:
                    self.answering = asyncio.create_task(self.answer())
            await asyncio.sleep(max(0.0, 2.0 - (time.perf_counter() - started)))


async def join_all(students: list[Student]) -> None:
    """Join every student, on at most 32 connections at once."""
    semaphore = asyncio.Semaphore(32)

    async def join(student: Student) -> None:
        async with semaphore:
            await student.join()

    await asyncio.gather(*(join(s) for s in students))


async def wait_for(condition, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def class_and_burst(base: str, count: int, samples: Samples, reveal: bool) -> float:
    """The live class, then the burst; returns the burst's total seconds."""
    teacher = Teacher(base, samples)
    await teacher.log_in()
    session_path, code = await teacher.open_session("live")
    students = [Student(base, code, f"student{n}", samples) for n in range(count)]
    await join_all(students)
    stop = asyncio.Event()
    pollers = [asyncio.create_task(s.follow(stop)) for s in students]
    pollers.append(asyncio.create_task(teacher.poll_dashboard(session_path, stop)))
    statements = 17
    for index in range(statements - 1):
        await teacher.act(session_path, "next")
        if not await wait_for(lambda i=index: teacher.answered(i) >= count, 30):
            print(f"warning: {teacher.answered(index)} of {count} answered", file=sys.stderr)
        if reveal:
            await teacher.act(session_path, "reveal")
            await asyncio.sleep(2.5)

    # The class phase ends here: what follows the last "next" is measured as the burst.
    burst = Samples()
    teacher.samples = burst
    for student in students:
        student.think, student.samples = False, burst
    await teacher.act(session_path, "next")
    await wait_for(lambda: all(s.form is not None for s in students), 30)
    started = time.perf_counter()
    await asyncio.gather(*(s.answer(think=False) for s in students))
    burst_seconds = time.perf_counter() - started  # all stored and acknowledged
    stop.set()
    await asyncio.gather(*pollers)
    samples.acknowledged += burst.acknowledged
    samples.ms["burst"] = burst.ms["answer"]
    await asyncio.gather(teacher.client.close(), *(s.client.close() for s in students))
    return burst_seconds


async def answer_saturation(base: str, samples: Samples) -> tuple[int, float]:
    """Answer POSTs on 32 connections for 10 s in a self-paced session; (answers, seconds)."""
    teacher = Teacher(base, samples)
    await teacher.log_in()
    _, code = await teacher.open_session("self_paced")
    async with teacher.client.get(f"{base}/teach/articles/{SLUG}/sessions/new") as r:
        keys = CHECKBOX.findall(await r.text())
    await teacher.client.close()
    participants = [Student(base, code, f"sat{n}", samples) for n in range(550)]
    await join_all(participants)
    work = [(s, key) for key in keys for s in participants]
    random.shuffle(work)
    saturation = Samples()

    async def post_one() -> bool | None:
        if not work:
            return None
        student, key = work.pop()
        data = {"csrf_token": student.form["csrf_token"], "statement": key, "label": "verified"}
        started = time.perf_counter()
        url = f"{base}/play/{code}/answers"
        async with student.client.post(url, data=data, allow_redirects=False) as r:
            ok = r.status == 303
        saturation.add("saturation", started)
        return ok

    started = time.perf_counter()
    done, failed = await saturate(post_one, 32, 10.0)
    elapsed = time.perf_counter() - started
    samples.acknowledged += done
    samples.ms["saturation"] = saturation.ms["saturation"]
    if failed:
        samples.errors["saturation failed"] += failed
    await asyncio.gather(*(s.client.close() for s in participants))
    return done, elapsed


async def hello_rate(base: str) -> float:
    client = new_client()

    async def get() -> bool:
        async with client.get(base + "/healthz") as r:
            await r.read()
            return r.status == 200

    started = time.perf_counter()
    done, _ = await saturate(get, 32, 10.0)
    elapsed = time.perf_counter() - started
    await client.close()
    return done / elapsed


def cpu_by_program() -> dict[str, float]:
    """CPU seconds used so far by the processes of each program on the machine (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals: dict[str, float] = defaultdict(float)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        totals[name] += (int(fields[11]) + int(fields[12])) / ticks
    return totals


async def run(base: str, students: int, reveal: bool) -> tuple[Samples, dict[str, float]]:
    samples = Samples()
    figures: dict[str, float] = {"hello_rps": await hello_rate(base)}
    started, cpu = time.perf_counter(), cpu_by_program()
    figures["burst_s"] = await class_and_burst(base, students, samples, reveal)
    figures["class_s"] = time.perf_counter() - started
    after = cpu_by_program()
    for program in ("gunicorn", "postgres", "python"):
        figures[f"cpu_{program}"] = after.get(program, 0.0) - cpu.get(program, 0.0)
    done, seconds = await answer_saturation(base, samples)
    figures["answers_per_s"] = done / seconds
    return samples, figures


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
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/classroom-bench.db"
    prepare_database(url)
    access_log = Path(tempfile.mkdtemp()) / "access.log"
    with gunicorn(
        url, workers=args.workers, secret_key=secrets.token_hex(32), access_log=access_log
    ) as base:
        samples, figures = asyncio.run(run(base, args.students, args.reveal))
    stored, distinct = count_answers(url)
    lost = samples.acknowledged - stored
    duplicates = stored - distinct
    ratio = figures["answers_per_s"] / figures["hello_rps"]
    print(
        f"database={url.split(':', 1)[0]} students={args.students} workers={args.workers} "
        f"reveal={'yes' if args.reveal else 'no'}"
    )
    print(f"hello      rps={figures['hello_rps']:.0f}")
    print(
        f"class      seconds={figures['class_s']:.1f} cpu_s: "
        f"app={figures['cpu_gunicorn']:.1f} postgres={figures['cpu_postgres']:.1f} "
        f"load_generator={figures['cpu_python']:.1f}"
    )
    for kind in ("join", "poll", "page", "answer", "dashboard", "burst", "saturation"):
        print(samples.line(kind))
    print("time inside the workers (from gunicorn's log), all phases:")
    for line in server_times(access_log):
        print(line)
    if samples.errors:
        print("errors: " + ", ".join(f"{k}={v}" for k, v in samples.errors.items()))
    print(f"stored={stored} acknowledged={samples.acknowledged}")
    print(
        f"answers/s={figures['answers_per_s']:.0f} ratio_to_hello={ratio:.2f} "
        f"p99_answer_ms={samples.percentile('answer', 0.99):.1f} "
        f"p99_poll_ms={samples.percentile('poll', 0.99):.1f} "
        f"burst_s={figures['burst_s']:.2f} lost={lost} duplicates={duplicates}"
    )


if __name__ == "__main__":
    main()
