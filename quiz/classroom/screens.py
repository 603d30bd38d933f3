"""What a student sees now in a session: a pure decision from the stored state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quiz.models import ClassAnswer, ClassSession, Participant


@dataclass(frozen=True)
class Screen:
    """One of: removed, closed, waiting, question, answered, reveal, done.

    ``statement_id`` names the statement on screen, if any; ``position`` is its 1-based place.
    """

    kind: str
    statement_id: int | None = None
    position: int = 0
    total: int = 0
    response: ClassAnswer | None = None


def statements_needed(participant: Participant, now: datetime) -> list[int]:
    """The statements whose answers decide the student's screen and fill it.

    A live screen needs only the current statement, so a whole class's polls after the
    teacher moves on each load one row.
    """
    session: ClassSession = participant.session
    if participant.removed_at is not None:
        return []
    if session.is_live and session.is_open(now):
        current = session.current_statement_id
        return [] if current is None else [current]
    return list(participant.statement_ids)


def student_screen(
    participant: Participant, answers: dict[int, ClassAnswer], now: datetime
) -> Screen:
    """Decide the student's screen from the session's state and their answers so far.

    ``answers`` covers at least the statements that ``statements_needed`` names.
    """
    session: ClassSession = participant.session
    total = len(participant.statement_ids)
    if participant.removed_at is not None:
        return Screen("removed", total=total)
    if not session.is_open(now):
        return Screen("closed", total=total)
    if session.is_live:
        return _live_screen(session, answers, total)
    for position, statement_id in enumerate(participant.statement_ids, 1):
        if statement_id not in answers:
            return Screen("question", statement_id, position, total)
    return Screen("done", total=total)


def _live_screen(session: ClassSession, answers: dict[int, ClassAnswer], total: int) -> Screen:
    statement_id = session.current_statement_id
    if statement_id is None:
        return Screen("waiting", total=total)
    position = session.current_index + 1
    response = answers.get(statement_id)
    if session.revealed:
        return Screen("reveal", statement_id, position, total, response)
    if response is not None:
        return Screen("answered", statement_id, position, total, response)
    return Screen("question", statement_id, position, total)
