"""LMS learners in an activity's session: one participant per (activity, ``sub``), named by
the LMS's given name (made unique in the session) or, without one, an anonymous handle."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from quiz.classroom import operations as classroom
from quiz.classroom.models import ClassSession, Participant
from quiz.database import NICKNAME_LENGTH
from quiz.extensions import db
from quiz.lti.claims import Launch
from quiz.lti.models import LtiActivity, LtiLearner

NAME_ATTEMPTS = 30


def display_name(launch: Launch) -> str | None:
    """A nickname from the LMS's names, the given name and the family name's initial
    ("Ana B."), or None when the platform sends no name."""
    given, family, full = launch.person()
    if not given and full:  # only a full name: its first word, and the last one's initial
        given, _, rest = full.partition(" ")
        family = family or (rest.split()[-1] if rest.split() else "")
    if not given:
        return None
    initial = f" {family[0].upper()}." if family else ""
    return given[: NICKNAME_LENGTH - 6] + initial


def _candidates(name: str | None) -> list[str]:
    if name is None:
        return [f"Learner {secrets.randbelow(9000) + 1000}" for _ in range(NAME_ATTEMPTS)]
    return [name] + [f"{name} {n}" for n in range(2, NAME_ATTEMPTS + 1)]


def _join(class_session: ClassSession, name: str | None) -> Participant:
    """Join under the name, or the next free variant of it."""
    for candidate in _candidates(name):
        try:
            return classroom.join(class_session, candidate)
        except classroom.NicknameTaken:
            continue
    return classroom.join(class_session, f"Learner {secrets.token_hex(4)}")


def learner_participant(activity: LtiActivity, launch: Launch, keep_email: bool) -> Participant:
    """The learner's participant in the activity's session; the same one at every relaunch.

    Joining commits (``classroom.join``), then the mapping commits: if two launches of one
    learner race, the second mapping fails on its unique key and the first one is used (the
    second participant stays, without answers).
    """
    found = db.session.scalar(
        select(LtiLearner).where(
            LtiLearner.activity_id == activity.id, LtiLearner.sub == launch.sub
        )
    )
    if found is not None:
        return found.participant
    participant = _join(activity.class_session, display_name(launch))
    email = launch.email[:254] if keep_email and launch.email else None
    learner = LtiLearner(
        activity_id=activity.id, sub=launch.sub[:255], participant_id=participant.id, email=email
    )
    db.session.add(learner)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return db.session.scalar(
            select(LtiLearner).where(
                LtiLearner.activity_id == activity.id, LtiLearner.sub == launch.sub
            )
        ).participant
    return participant
