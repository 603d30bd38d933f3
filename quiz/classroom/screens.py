"""What a student sees now in a session: a pure decision from the stored state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from quiz.classroom.models import ClassAnswer, ClassSession, Participant


class ScreenKind(StrEnum):
    """What a student's screen shows."""

    REMOVED = "removed"  # the teacher removed the student
    CLOSED = "closed"  # the session is over: the student's results
    WAITING = "waiting"  # live, before the first statement
    QUESTION = "question"  # a statement to answer
    EVIDENCE = "evidence"  # answered: now mark the words that tell (if the teacher asked so)
    ANSWERED = "answered"  # live: answered, waiting for the reveal
    REVEAL = "reveal"  # live: the answer, explanation and source for everyone
    DONE = "done"  # self-paced: every statement answered

    @property
    def shows_results(self) -> bool:
        """Whether the screen lists the student's answers and score."""
        return self in (ScreenKind.DONE, ScreenKind.CLOSED)


@dataclass(frozen=True)
class Screen:
    """A student's screen now.

    ``statement_id`` names the statement on screen, if any; ``position`` is its 1-based place.
    """

    kind: ScreenKind
    statement_id: int | None = None
    position: int = 0
    total: int = 0
    response: ClassAnswer | None = None


def statements_needed(participant: Participant, now: datetime) -> list[int]:
    """The statements whose answers decide the student's screen and fill it.

    A live screen needs only the current statement, so a whole class's polls after the
    teacher moves on each load one row.
    """
    class_session: ClassSession = participant.class_session
    if participant.removed_at is not None:
        return []
    if class_session.is_live and class_session.is_open(now):
        current = class_session.current_statement_id
        return [] if current is None else [current]
    return list(participant.statement_ids)


def student_screen(
    participant: Participant,
    answers: dict[int, ClassAnswer],
    now: datetime,
    cueless: frozenset[int] = frozenset(),
) -> Screen:
    """Decide the student's screen from the session's state and their answers so far.

    ``answers`` covers at least the statements that ``statements_needed`` names; ``cueless``
    names statements without cue words (the evidence step skips them).
    """
    class_session: ClassSession = participant.class_session
    total = len(participant.statement_ids)
    if participant.removed_at is not None:
        return Screen(ScreenKind.REMOVED, total=total)
    if not class_session.is_open(now):
        return Screen(ScreenKind.CLOSED, total=total)
    pending = _evidence_pending(class_session, answers, cueless)
    if class_session.is_live:
        return _live_screen(class_session, answers, total, pending)
    for position, statement_id in enumerate(participant.statement_ids, 1):
        if statement_id not in answers:
            return Screen(ScreenKind.QUESTION, statement_id, position, total)
        if statement_id in pending:
            return Screen(ScreenKind.EVIDENCE, statement_id, position, total, answers[statement_id])
    return Screen(ScreenKind.DONE, total=total)


def _evidence_pending(
    class_session: ClassSession, answers: dict[int, ClassAnswer], cueless: frozenset[int]
) -> set[int]:
    """The answered statements whose words the student has still to mark."""
    if not class_session.evidence_step:
        return set()
    return {
        statement_id
        for statement_id, answer in answers.items()
        if answer.evidence is None and statement_id not in cueless
    }


def _live_screen(
    class_session: ClassSession, answers: dict[int, ClassAnswer], total: int, pending: set[int]
) -> Screen:
    statement_id = class_session.current_statement_id
    if statement_id is None:
        return Screen(ScreenKind.WAITING, total=total)
    position = class_session.current_index + 1
    response = answers.get(statement_id)
    if class_session.revealed:
        return Screen(ScreenKind.REVEAL, statement_id, position, total, response)
    if statement_id in pending:
        return Screen(ScreenKind.EVIDENCE, statement_id, position, total, response)
    if response is not None:
        return Screen(ScreenKind.ANSWERED, statement_id, position, total, response)
    return Screen(ScreenKind.QUESTION, statement_id, position, total)
