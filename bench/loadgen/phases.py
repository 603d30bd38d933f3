"""The benchmark's phases: hello, a live class with its burst, answer saturation."""

from __future__ import annotations

import asyncio
import random
import sys
import time

from bench.loadgen.clients import (
    CHECKBOX,
    SLUG,
    Samples,
    Student,
    Teacher,
    join_all,
    new_client,
    saturate,
    wait_for,
)
from bench.loadgen.figures import cpu_by_program, cpu_used


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

    started, cpu = time.perf_counter(), cpu_by_program()
    done, failed = await saturate(post_one, 32, 10.0)
    elapsed = time.perf_counter() - started
    samples.cpu["answer"] = cpu_used(cpu, cpu_by_program())
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
