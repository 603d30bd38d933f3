"""What a student's screen shows, gathered for its template: the screen decided by
``screens.student_screen`` and the passages, forms and texts that go with it."""

from __future__ import annotations

from typing import Any

from quiz.classroom import queries
from quiz.classroom.forms import ClassAnswerForm
from quiz.classroom.models import ClassAnswer, ClassSession, Participant
from quiz.classroom.screens import ScreenKind, statements_needed, student_screen
from quiz.database import utcnow
from quiz.library.models import Statement
from quiz.library.presenters import (
    context_text,
    evidence_context,
    feedback_context,
    reading_passage,
)
from quiz.scoring import score
from quiz.web.forms import EvidenceForm


def state_etag(session_id: int, version: int) -> str:
    """Students' pages change only when the session's version does (next, reveal, close)."""
    return f"{session_id}-{version}"


def screen_context(class_session: ClassSession, participant: Participant) -> dict[str, Any]:
    """What the screen template needs to show this student their screen now."""
    now = utcnow()
    rows = queries.statements_with_answers(participant, statements_needed(participant, now))
    answered = [(s, answer) for s, answer in rows if answer is not None]
    cueless = frozenset(s.id for s, _ in rows if not s.cues)
    screen = student_screen(participant, {s.id: a for s, a in answered}, now, cueless)
    statement = next((s for s, _ in rows if s.id == screen.statement_id), None)
    results = answered if screen.kind.shows_results else []
    return {
        "class_session": class_session,
        "participant": participant,
        "screen": screen,
        "statement": statement,
        "results": results,
        "card": score((s.label, r.chosen) for s, r in results if not s.discuss),
        **_screen_parts(screen.kind, statement, screen.response),
    }


def _screen_parts(
    kind: ScreenKind, statement: Statement | None, response: ClassAnswer | None
) -> dict[str, Any]:
    """The parts one kind of screen adds: the question's form and context, the words to mark,
    or the reveal's passage and texts."""
    if kind is ScreenKind.QUESTION:
        return {
            "form": ClassAnswerForm(statement=statement.key),
            "context": context_text(statement),
            "reading": reading_passage(statement),
        }
    if kind is ScreenKind.EVIDENCE:
        return {"marks_form": EvidenceForm(), **evidence_context(statement)}
    if kind is ScreenKind.REVEAL:
        return feedback_context(statement, response)
    return {}
