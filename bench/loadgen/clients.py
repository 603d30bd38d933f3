"""The load generator's browsers: a teacher and students, as the pages' scripts behave."""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

import aiohttp

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STATEMENT = re.compile(r'name="statement" type="hidden" value="([^"]+)"')
CHECKBOX = re.compile(r'name="statements" type="checkbox" value="([^"]+)"')
CODE = re.compile(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>')
SLUG = "pyongyang-tribute"
LABELS = ("verified", "intelligence_claim", "speculation")
PASSWORD = "benchmark password"
TEACHER = "bench@example.org"


@dataclass
class Samples:
    """Latencies in milliseconds per kind of request, and acknowledged answers."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: int = 0
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # CPU seconds by program during a phase (the answer saturation), for the capacity model.
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)

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

    def __init__(self, base: str, samples: Samples, email: str = TEACHER) -> None:
        self.base, self.samples, self.email = base, samples, email
        self.client = new_client()
        self.token = ""
        self.snapshot: dict = {}
        self.etag: str | None = None

    async def log_in(self) -> None:
        async with self.client.get(self.base + "/login") as r:
            token = TOKEN.search(await r.text()).group(1)
        data = {"csrf_token": token, "email": self.email, "password": PASSWORD}
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


async def join_all(students: list[Student], semaphore: asyncio.Semaphore | None = None) -> None:
    """Join every student, on at most 32 connections at once."""
    semaphore = semaphore or asyncio.Semaphore(32)

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
