"""CPU per request, for the capacity model: each kind of request alone at saturation, with
the CPU time every program on the machine used meanwhile (load generator included)."""

from __future__ import annotations

import asyncio
import itertools
import time

from bench.loadgen.clients import Samples, Student, Teacher, join_all, saturate
from bench.loadgen.figures import cpu_by_program, cpu_used

PROGRAMS = ("gunicorn", "postgres", "nginx", "pgbouncer", "redis-server", "python")


async def cpu_per_request(base: str, seconds: float = 5.0) -> dict[str, dict[str, float]]:
    """CPU milliseconds per request by program, for a student's unchanged poll (304), a
    changed poll (200 with the screen), a page load and the teacher's dashboard (200);
    {kind: {program: ms}}."""
    samples = Samples()
    teacher = Teacher(base, samples)
    await teacher.log_in()
    session_path, code = await teacher.open_session("live")
    students = [Student(base, code, f"cost{n}", samples) for n in range(64)]
    await join_all(students)
    await teacher.act(session_path, "next")
    for student in students:
        await student.load_page()
    current_etag = students[0].etag
    costs: dict[str, dict[str, float]] = {}
    pick = itertools.cycle(students)

    def request(kind: str):  # noqa: ANN202 - a coroutine factory
        async def one() -> bool:
            student = next(pick)
            if kind == "page":
                async with student.client.get(f"{base}/play/{code}") as r:
                    await r.read()
                    return r.status == 200
            if kind == "dashboard":
                async with teacher.client.get(f"{base}{session_path}/live.json") as r:
                    await r.read()
                    return r.status == 200
            etag = current_etag if kind == "poll 304" else '"0-0"'
            url = f"{base}/play/{code}/state.json"
            async with student.client.get(url, headers={"If-None-Match": etag}) as r:
                await r.read()
                return r.status == (304 if kind == "poll 304" else 200)

        return one

    for kind in ("poll 304", "poll new", "page", "dashboard"):
        before, started = cpu_by_program(), time.perf_counter()
        done, failed = await saturate(request(kind), 16, seconds)
        used = cpu_used(before, cpu_by_program())
        assert not failed, (kind, failed)
        costs[kind] = {p: 1000 * used.get(p, 0.0) / done for p in PROGRAMS}
        costs[kind]["per_s"] = done / (time.perf_counter() - started)
    await asyncio.gather(teacher.client.close(), *(s.client.close() for s in students))
    return costs
