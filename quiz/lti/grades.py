"""Grade return (LTI Assignment and Grade Services 2.0): a learner's score, posted to the
activity's line item when they have answered every statement.

The score is stored first (status "waiting") and then posted. A platform that is slow or down
never fails the learner's request: the post has short timeouts, and a failure leaves the grade
waiting, to be tried again with growing pauses (``BACKOFF``) on later requests (a relaunch, the
teacher's results page) and by ``flask lti retry-grades``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, after_this_request, current_app
from sqlalchemy import and_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from quiz.classroom.models import ClassAnswer, Participant
from quiz.database import utcnow
from quiz.extensions import db
from quiz.library.models import Statement
from quiz.lti.claims import SCORE_SCOPE
from quiz.lti.http import PlatformUnavailable, call
from quiz.lti.models import ERROR_LENGTH, GradeStatus, LtiActivity, LtiGrade, LtiLearner
from quiz.lti.services import access_token

log = logging.getLogger(__name__)

SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
BACKOFF = (60, 300, 900, 3600, 6 * 3600, 24 * 3600)  # seconds after the 1st, 2nd ... failure
CLAIM_SECONDS = 60  # a grade being sent is not picked by another worker for this long


def scores_url(lineitem: str) -> str:
    """The line item's scores endpoint (its path + /scores, the query kept)."""
    parts = urlsplit(lineitem)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def figures(participant: Participant) -> tuple[int, int, int]:
    """(right answers, scored statements, statements answered) of a participant; statements
    put up for discussion are not scored."""
    rows = db.session.execute(
        select(Statement.discuss, ClassAnswer.correct)
        .outerjoin(
            ClassAnswer,
            and_(
                ClassAnswer.statement_id == Statement.id,
                ClassAnswer.participant_id == participant.id,
            ),
        )
        .where(Statement.id.in_(participant.statement_ids))
    ).all()
    scored = [correct for discuss, correct in rows if not discuss]
    answered = sum(1 for _, correct in rows if correct is not None)
    return sum(1 for c in scored if c), len(scored), answered


def _store(learner: LtiLearner, given: int, maximum: int) -> LtiGrade:
    """The learner's grade, stored as waiting (replacing an earlier one)."""
    grade = db.session.scalar(select(LtiGrade).where(LtiGrade.learner_id == learner.id))
    if grade is None:
        grade = LtiGrade(learner_id=learner.id, attempts=0)
        db.session.add(grade)
    grade.score_given, grade.score_maximum = given, maximum
    grade.status, grade.next_attempt_at, grade.finished_at = GradeStatus.WAITING, utcnow(), utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same learner's other tab stored it a moment ago
        db.session.rollback()
        grade = db.session.scalar(select(LtiGrade).where(LtiGrade.learner_id == learner.id))
    return grade


def answer_recorded(participant: Participant) -> None:
    """After a new answer in an LMS-linked session: once the learner has answered everything,
    store the grade, and post it once the learner has their page (a slow platform never holds
    up the answer; a failure leaves it waiting for the retries)."""
    learner = db.session.scalar(
        select(LtiLearner).where(LtiLearner.participant_id == participant.id)
    )
    if learner is None or not learner.activity.lineitem_url:
        return
    given, maximum, answered = figures(participant)
    if answered < len(participant.statement_ids):
        return
    grade_id = _store(learner, given, maximum).id
    app = current_app._get_current_object()

    @after_this_request
    def send_when_delivered(response: Response) -> Response:
        response.call_on_close(lambda: _send_later(app, grade_id))
        return response


def _send_later(app: Flask, grade_id: int) -> None:
    """Post a stored grade outside the request that stored it (never raises: the response is
    already out, and the grade stays waiting)."""
    try:
        with app.app_context():
            grade = db.session.get(LtiGrade, grade_id)
            if grade is not None and _claim(grade):
                send(grade)
    except Exception:
        log.exception("LTI grade %s could not be sent after the answer", grade_id)


def send(grade: LtiGrade) -> bool:
    """Post a grade to its line item; True when the platform took it."""
    learner = grade.learner
    activity: LtiActivity = learner.activity
    payload = {
        "userId": learner.sub,
        "scoreGiven": grade.score_given,
        "scoreMaximum": grade.score_maximum,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": grade.finished_at.isoformat(),
    }
    try:
        token = access_token(activity.platform, SCORE_SCOPE)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": SCORE_TYPE}
        call("POST", scores_url(activity.lineitem_url or ""), json=payload, headers=headers)
    except PlatformUnavailable as error:
        log.warning("LTI grade %s waits: %s", grade.id, error)
        grade.attempts += 1
        pause = BACKOFF[min(grade.attempts, len(BACKOFF)) - 1]
        grade.next_attempt_at = utcnow() + timedelta(seconds=pause)
        grade.last_error = str(error)[:ERROR_LENGTH]
        db.session.commit()
        return False
    grade.status, grade.sent_at, grade.last_error = GradeStatus.SENT, utcnow(), None
    db.session.commit()
    return True


def _claim(grade: LtiGrade) -> bool:
    """Take a due grade for sending, unless another worker took it first."""
    claimed = db.session.execute(
        update(LtiGrade)
        .where(
            LtiGrade.id == grade.id,
            LtiGrade.status == GradeStatus.WAITING,
            LtiGrade.next_attempt_at <= utcnow(),
        )
        .values(next_attempt_at=utcnow() + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def retry_due(limit: int = 3, learner_ids: list[int] | None = None) -> tuple[int, int]:
    """Send waiting grades whose pause is over (the oldest first); stops at the first failure,
    since the platform is then likely down. Returns (sent, failed)."""
    query = select(LtiGrade).where(
        LtiGrade.status == GradeStatus.WAITING, LtiGrade.next_attempt_at <= utcnow()
    )
    if learner_ids is not None:
        query = query.where(LtiGrade.learner_id.in_(learner_ids))
    sent = 0
    for grade in db.session.scalars(query.order_by(LtiGrade.next_attempt_at).limit(limit)).all():
        if not _claim(grade):
            continue
        if not send(grade):
            return sent, 1
        sent += 1
    return sent, 0


def send_waiting(learner_ids: list[int], limit: int = 100) -> tuple[int, int]:
    """Send these learners' waiting grades now, paused or not (the teacher asked)."""
    db.session.execute(
        update(LtiGrade)
        .where(LtiGrade.learner_id.in_(learner_ids), LtiGrade.status == GradeStatus.WAITING)
        .values(next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return retry_due(limit=limit, learner_ids=learner_ids)
