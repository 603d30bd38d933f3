"""Spaced repetition of a learner's mistakes: when a statement comes back, and when it leaves.

Pure Python: no Flask, no database. A wrong answer puts the statement (back) at the front of the
queue, due at once; a right answer in a new run rests it for a day; a right answer in a second,
later run takes it out of the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

RIGHT_RUNS_TO_LEAVE = 2
# How long a statement rests after its n-th right answer (index 0: due at once). A statement
# leaves after RIGHT_RUNS_TO_LEAVE right runs, so it rests at most RIGHT_RUNS_TO_LEAVE - 1 times.
INTERVALS = (timedelta(0), timedelta(days=1))


@dataclass(frozen=True)
class ReviewState:
    """Where a statement stands in the queue."""

    step: int
    due_at: datetime
    right_runs: int
    last_right_run_id: int | None


def schedule(
    state: ReviewState | None, correct: bool, run_id: int, now: datetime
) -> ReviewState | None:
    """The state after an answer in a run; None means the statement is not (or no longer) queued."""
    if not correct:
        return ReviewState(step=0, due_at=now, right_runs=0, last_right_run_id=None)
    if state is None:
        return None
    if state.last_right_run_id == run_id:
        return state
    right_runs = state.right_runs + 1
    if right_runs >= RIGHT_RUNS_TO_LEAVE:
        return None
    step = min(state.step + 1, len(INTERVALS) - 1)
    return ReviewState(step, now + INTERVALS[step], right_runs, run_id)
