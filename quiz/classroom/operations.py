"""Classroom sessions: create, join, answer, and the teacher's live controls.

Every function here that changes data commits once (one transaction per action).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from quiz import evidence
from quiz.accounts.models import User
from quiz.classroom import queries
from quiz.classroom.models import ClassAnswer, ClassSession, Feedback, Participant, SessionMode
from quiz.classroom.nicknames import NicknameProblem, clean_nickname, nickname_key
from quiz.codes import new_code
from quiz.database import utcnow
from quiz.errors import DomainError, ErrorKind
from quiz.extensions import db
from quiz.labels import Label, is_correct
from quiz.library.models import Article, Statement
from quiz.ops.metrics import count_answer_stored

CODE_ATTEMPTS = 8
# Built once: a whole class answers at once (see queries.py for the measured gain).
_INSERT_ANSWER = insert(ClassAnswer.__table__).returning(ClassAnswer.__table__.c.id)


class ClassroomError(DomainError):
    """An action students or teachers cannot take now; ``message`` says why."""


class SessionClosed(ClassroomError):
    """The session no longer takes joins or answers."""

    kind = ErrorKind.GONE


class NicknameTaken(ClassroomError):
    """Another student in the session has this nickname."""


class NicknameInvalid(ClassroomError):
    """Empty, too long, or made of characters that cannot be shown."""

    kind = ErrorKind.INVALID


class ParticipantRemoved(ClassroomError):
    """The teacher removed this student from the session."""

    kind = ErrorKind.FORBIDDEN


class NotAnswerable(ClassroomError):
    """The statement is not open for answers (not in the session, or not current)."""

    kind = ErrorKind.INVALID


def create_session(
    teacher: User,
    article: Article,
    statement_keys: list[str],
    *,
    mode: SessionMode,
    shuffle: bool,
    feedback: Feedback,
    open_minutes: int | None,
    evidence_step: bool = False,
) -> ClassSession:
    """Open a session on the chosen statements with a fresh join code."""
    chosen = [s.id for s in article.active_statements if s.key in set(statement_keys)]
    if not chosen:
        raise NotAnswerable("Choose at least one statement.")
    if shuffle and mode is SessionMode.LIVE:
        secrets.SystemRandom().shuffle(chosen)
    now = utcnow()
    for _ in range(CODE_ATTEMPTS):
        class_session = ClassSession(
            teacher=teacher,
            article=article,
            code=new_code(),
            mode=mode,
            shuffle=shuffle,
            feedback=feedback,
            evidence_step=evidence_step,
            statement_ids=chosen,
            created_at=now,
            closes_at=now + timedelta(minutes=open_minutes) if open_minutes else None,
        )
        db.session.add(class_session)
        try:
            db.session.commit()
        except IntegrityError:  # the code is taken: draw another
            db.session.rollback()
            continue
        return class_session
    raise ClassroomError("Could not find a free join code; please try again.")


def check_joinable(class_session: ClassSession, participant: Participant | None) -> None:
    """Raise why a browser may not join the session now (closed, locked, removed from it)."""
    if not class_session.is_open(utcnow()):
        raise SessionClosed("This session is closed. Ask your teacher for a new code.")
    if participant is not None and participant.removed_at is not None:
        raise ParticipantRemoved("Your teacher removed you from this session.")
    if class_session.locked:
        raise ParticipantRemoved("Your teacher has closed this session to new students.")


def join(class_session: ClassSession, raw_nickname: str) -> Participant:
    """Add a student to an open session under a nickname that looks like no other in it."""
    try:
        nickname = clean_nickname(raw_nickname)
    except NicknameProblem as problem:
        raise NicknameInvalid(str(problem)) from None
    check_joinable(class_session, None)
    order = list(class_session.statement_ids)
    if class_session.shuffle and not class_session.is_live:
        secrets.SystemRandom().shuffle(order)
    participant = Participant(
        class_session=class_session,
        nickname=nickname,
        nickname_key=nickname_key(nickname),
        token=secrets.token_urlsafe(16),
        statement_ids=order,
    )
    db.session.add(participant)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise NicknameTaken(
            f"Someone in this session is already called “{nickname}” (or a name that looks "
            "the same). Choose another nickname."
        ) from None
    return participant


def set_locked(class_session: ClassSession, locked: bool) -> None:
    """Close the session to new students (those who joined go on), or open it again."""
    class_session.locked = locked
    _changed(class_session)  # the projector's lobby shows it


def check_answerable(participant: Participant, statement: Statement | None) -> Statement:
    """The statement if this student may answer it (or mark its words) now; raises a
    ClassroomError otherwise."""
    class_session = participant.class_session
    if participant.removed_at is not None:
        raise ParticipantRemoved("Your teacher removed you from this session.")
    if not class_session.is_open(utcnow()):
        raise SessionClosed("This session is closed: answers are no longer accepted.")
    if statement is None or statement.id not in participant.statement_ids:
        raise NotAnswerable("That statement is not part of this session.")
    if class_session.is_live and (
        class_session.current_statement_id != statement.id or class_session.revealed
    ):
        raise NotAnswerable("That statement is not open for answers right now.")
    return statement


def record_response(
    participant: Participant, statement: Statement | None, chosen: Label
) -> tuple[ClassAnswer, bool]:
    """Store a student's answer once; a repeat returns the first answer and False.

    The answer is a single INSERT, so it may run outside an explicit transaction: the unique
    constraint on (student, statement) keeps it to one row under any concurrency. A new
    answer comes back as a detached object holding what was stored.
    """
    statement = check_answerable(participant, statement)
    values = {
        "session_id": participant.session_id,
        "participant_id": participant.id,
        "statement_id": statement.id,
        "chosen": chosen,
        "correct": is_correct(statement.label, chosen),
        "created_at": utcnow(),
    }
    try:
        answer_id = db.session.execute(_INSERT_ANSWER, values).scalar_one()
        db.session.commit()
    except IntegrityError:  # answered before (double submit, a second tab, a parallel request)
        db.session.rollback()
        first = queries.answer_of(participant, statement)
        if first is None:  # not a repeat: the session or student was deleted meanwhile
            raise SessionClosed("This session no longer exists.") from None
        return first, False
    count_answer_stored("class")
    return ClassAnswer(id=answer_id, **values), True


def record_evidence(answer: ClassAnswer, statement: Statement, marks: list) -> None:
    """Keep the words a student marked for an answer, scored against the cues; the first marks
    stay (one UPDATE, so it may run outside an explicit transaction like the answer)."""
    span = evidence.markable_span(statement.start, statement.end, statement.cues)
    kept = evidence.clean_marks(marks, span)
    result = evidence.score(statement.article.body, kept, statement.cues)
    db.session.execute(
        update(ClassAnswer)
        .where(ClassAnswer.id == answer.id, ClassAnswer.evidence.is_(None))
        .values(evidence=result.as_dict(kept))
    )
    db.session.commit()


def _changed(class_session: ClassSession) -> None:
    """Record that students must refresh, and commit."""
    class_session.version += 1
    db.session.commit()


def advance(class_session: ClassSession) -> None:
    """Live: show the next statement (or the first), hiding the answer."""
    if class_session.closed_at is not None:
        raise SessionClosed("This session is closed.")
    if class_session.current_index + 1 >= len(class_session.statement_ids):
        raise ClassroomError("That was the last statement.")
    class_session.current_index += 1
    class_session.revealed = False
    _changed(class_session)


def reveal(class_session: ClassSession) -> None:
    """Live: show everyone the right answer, the explanation and the source."""
    if class_session.current_index < 0:
        raise ClassroomError("Start the session before revealing an answer.")
    class_session.revealed = True
    _changed(class_session)


def close(class_session: ClassSession) -> None:
    """Stop taking joins and answers; results stay."""
    if class_session.closed_at is None:
        class_session.closed_at = utcnow()
        _changed(class_session)


def remove_participant(class_session: ClassSession, participant_id: int) -> Participant | None:
    """Remove a student: they cannot answer again and their answers leave the results."""
    participant = db.session.scalar(
        select(Participant).where(
            Participant.id == participant_id, Participant.session_id == class_session.id
        )
    )
    if participant is None:
        return None
    if participant.removed_at is None:
        participant.removed_at = utcnow()
        db.session.execute(delete(ClassAnswer).where(ClassAnswer.participant_id == participant.id))
        _changed(class_session)
    return participant


def delete_session(class_session: ClassSession) -> None:
    """Delete a session with its participants and answers."""
    for model in (ClassAnswer, Participant):
        db.session.execute(delete(model).where(model.session_id == class_session.id))
    db.session.delete(class_session)
    db.session.commit()
