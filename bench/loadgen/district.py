"""The district phase: several live classes at once, each with its own teacher who moves on
when the class has answered, independently of the others."""

from __future__ import annotations

import asyncio
import random
import sys

from bench.loadgen.clients import Samples, Student, Teacher, join_all, wait_for
from bench.loadgen.figures import district_teacher


async def one_class(
    base: str, number: int, students: int, samples: Samples, joins: asyncio.Semaphore
) -> None:
    """A teacher opens a live session, the class joins, and they go through every statement."""
    await asyncio.sleep(random.uniform(0, 2.0))  # classes do not start in step
    teacher = Teacher(base, samples, email=district_teacher(number))
    await teacher.log_in()
    session_path, code = await teacher.open_session("live")
    pupils = [Student(base, code, f"c{number}s{n}", samples) for n in range(students)]
    await join_all(pupils, joins)
    stop = asyncio.Event()
    pollers = [asyncio.create_task(s.follow(stop)) for s in pupils]
    pollers.append(asyncio.create_task(teacher.poll_dashboard(session_path, stop)))
    statements = 17
    for index in range(statements):
        await teacher.act(session_path, "next")
        if not await wait_for(lambda i=index: teacher.answered(i) >= students, 60):
            print(
                f"warning: class {number}: {teacher.answered(index)} of {students} answered",
                file=sys.stderr,
            )
    stop.set()
    await asyncio.gather(*pollers)
    await asyncio.gather(*(s.answering for s in pupils if s.answering is not None))
    await asyncio.gather(teacher.client.close(), *(s.client.close() for s in pupils))


async def district(base: str, classes: int, students: int) -> tuple[Samples, float]:
    """Every class at once; (samples, seconds)."""
    samples = Samples()
    joins = asyncio.Semaphore(32)
    started = asyncio.get_running_loop().time()
    await asyncio.gather(*(one_class(base, n, students, samples, joins) for n in range(classes)))
    return samples, asyncio.get_running_loop().time() - started
