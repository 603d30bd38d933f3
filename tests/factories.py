"""Factories: make teachers, learners, sessions, students, runs and answers directly.

They call the app's own operations (so the data is what the app would write) inside the test's
transaction, and log browsers in by setting their cookies, without driving HTML forms. Forms
are tested where the form is the point of the test.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from quiz.accounts import login_sessions
from quiz.accounts.models import Role, User
from quiz.classroom import operations as classroom
from quiz.classroom.class_cookie import CLASSES_COOKIE
from quiz.classroom.models import ClassAnswer, ClassSession, Feedback, Participant, SessionMode
from quiz.extensions import db
from quiz.labels import Confidence, Label
from quiz.library.models import Article, Statement
from quiz.practice import operations as practice
from quiz.practice import queries as practice_queries
from quiz.practice.learner_cookie import LEARNER_COOKIE
from quiz.practice.models import Run

PASSWORD = "correct horse battery"
FIRST_ARTICLE = "pyongyang-tribute"
BRIEFING = "kramatorsk-strike-briefing"


@lru_cache(maxsize=4)
def password_hash(password: str = PASSWORD) -> str:
    """A cheap hash of a test password: the app hashes with scrypt, which is slow by design;
    accounts that tests make directly need not pay that at every log-in attempt."""
    return generate_password_hash(password, method="pbkdf2:sha256:1")


def make_user(
    email: str, name: str = "Someone", *, role: Role = Role.TEACHER, password: str = PASSWORD
) -> User:
    """An account, committed (within the test's transaction)."""
    user = User(
        name=name,
        email=email.lower(),
        password_hash=password_hash(password),
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_teacher(
    email: str = "teacher@example.org", name: str = "Ms Teacher", *, password: str = PASSWORD
) -> User:
    """A teacher account."""
    return make_user(email, name, role=Role.TEACHER, password=password)


def make_learner_account(login: str = "ana", *, password: str = PASSWORD) -> User:
    """A learner account named by a nickname."""
    return make_user(login, login, role=Role.LEARNER, password=password)


def log_in(client: FlaskClient, user: User) -> FlaskClient:
    """Make a browser logged in as the user: a log-in session on the server, and the cookie
    Flask-Login would have set (needs an app context)."""
    login_sessions.start(user, remember=False)
    db.session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = user.get_id()
        cookie["_fresh"] = True
    return client


def article(slug: str = FIRST_ARTICLE) -> Article:
    """An article of the loaded library."""
    return db.session.scalar(select(Article).where(Article.slug == slug))


def statements_of(slug: str = FIRST_ARTICLE) -> list[Statement]:
    """The active statements of a library article, in reading order."""
    return article(slug).active_statements


def open_session(
    teacher: User,
    slug: str = BRIEFING,
    *,
    mode: SessionMode = SessionMode.SELF_PACED,
    feedback: Feedback = Feedback.EACH,
    shuffle: bool = False,
    keys: list[str] | None = None,
    open_minutes: int | None = None,
    evidence_step: bool = False,
) -> ClassSession:
    """A classroom session on a library article (all its statements unless keys are given)."""
    chosen = keys or [s.key for s in statements_of(slug)]
    return classroom.create_session(
        teacher,
        article(slug),
        chosen,
        mode=mode,
        shuffle=shuffle,
        feedback=feedback,
        open_minutes=open_minutes,
        evidence_step=evidence_step,
    )


def join(class_session: ClassSession, nickname: str) -> Participant:
    """A student in the session."""
    return classroom.join(class_session, nickname)


def student_browser(app: Flask, participant: Participant) -> FlaskClient:
    """A browser whose cookie says it joined as this student."""
    browser = app.test_client()
    value = {participant.class_session.code: participant.token}
    browser.set_cookie(CLASSES_COOKIE.name, CLASSES_COOKIE.signed(value, app.secret_key))
    return browser


def class_answer(participant: Participant, statement: Statement, label: Label) -> ClassAnswer:
    """A student's answer, stored as the app stores it."""
    answer, _ = classroom.record_response(participant, statement, label)
    return answer


def start_run(slug: str = FIRST_ARTICLE) -> Run:
    """A practice run on a library article, by a new anonymous learner."""
    return practice.start_run(article(slug), None)


def learner_browser(app: Flask, run: Run) -> FlaskClient:
    """A browser whose cookie names the run's learner."""
    browser = app.test_client()
    set_learner_cookie(app, browser, run.learner.public_id)
    return browser


def set_learner_cookie(app: Flask, browser: FlaskClient, public_id: str) -> None:
    """Make a browser's cookie name this anonymous learner."""
    browser.set_cookie(LEARNER_COOKIE.name, LEARNER_COOKIE.signed(public_id, app.secret_key))


def learner_cookie_of(app: Flask, browser: FlaskClient) -> str | None:
    """The anonymous learner a browser's cookie names, if any."""
    cookie = browser.get_cookie(LEARNER_COOKIE.name)
    return LEARNER_COOKIE.unsigned(cookie.value if cookie else None, app.secret_key)


def answer_run(
    run: Run,
    labels: dict[str, Label] | Label | None = None,
    confidence: Confidence | None = None,
) -> None:
    """Answer every statement of a run: with its right label, one label, or a label per key."""
    for statement_id in run.statement_ids:
        statement = db.session.get(Statement, statement_id)
        if labels is None:
            chosen = statement.label
        elif isinstance(labels, Label):
            chosen = labels
        else:
            chosen = labels.get(statement.key, statement.label)
        practice.record_answer(run, str(statement.id), chosen, confidence)


_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token in a page's form."""
    match = _TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def fresh_token(client: FlaskClient, path: str = "/join") -> str:
    """A CSRF token for this browser, from a light page with a form."""
    return csrf_token(client.get(path).get_data(as_text=True))


def hidden_statement(html: str) -> str:
    """The statement key of a question page."""
    match = re.search(r'name="statement" type="hidden" value="([^"]+)"', html)
    assert match, "no statement on the page"
    return match.group(1)


def open_class(
    app: Flask, teacher_id: int, slug: str = BRIEFING, **options: object
) -> tuple[int, str]:
    """Open a session for a teacher (``mode``, ``feedback`` as in the form's values);
    returns (session id, join code)."""
    if "mode" in options:
        options["mode"] = SessionMode(options["mode"])
    if "feedback" in options:
        options["feedback"] = Feedback(options["feedback"])
    with app.app_context():
        class_session = open_session(db.session.get(User, teacher_id), slug, **options)
        return class_session.id, class_session.code


def join_class(app: Flask, code: str, nickname: str) -> FlaskClient:
    """A new student browser that joined the session with this code."""
    with app.app_context():
        class_session = db.session.scalar(select(ClassSession).where(ClassSession.code == code))
        return student_browser(app, join(class_session, nickname))


def play_run(
    app: Flask,
    browser: FlaskClient,
    slug: str,
    label: str,
    confidence: str | None = "sure",
) -> str:
    """This browser's learner answers a whole run with one label; returns the run's id."""
    with app.app_context():
        user_id = _logged_in_user_id(browser)
        learner = (
            practice_queries.account_learner(user_id)
            if user_id
            else practice_queries.anonymous_learner(learner_cookie_of(app, browser))
        )
        run = practice.start_run(article(slug), learner, user_id)
        answer_run(run, Label(label), Confidence(confidence) if confidence else None)
        public_id, learner_id, owned = run.public_id, run.learner.public_id, user_id is not None
    if not owned:
        set_learner_cookie(app, browser, learner_id)
    return public_id


def _logged_in_user_id(browser: FlaskClient) -> int | None:
    with browser.session_transaction() as cookie:
        value = cookie.get("_user_id")
    return int(value.split(":")[0]) if value else None
