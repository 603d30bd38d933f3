"""LTI 1.3 launches against the test platform over real HTTP: a learner's launch, answers and
the score the platform receives; an instructor's deep-link round trip; grade return after the
platform answers 503; the roster; framed launches. On SQLite and PostgreSQL."""

from __future__ import annotations

import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.accounts import operations as accounts
from quiz.classroom.models import ClassSession, Feedback, Participant
from quiz.extensions import db
from quiz.lti.models import GradeStatus, LtiActivity, LtiGrade, LtiLearner, LtiPlatform
from tests.factories import BRIEFING, csrf_token, log_in
from tests.lti_helpers import (  # noqa: F401  (the fixtures lms and served)
    launch_through,
    lms_fixture,
    make_activity,
    posted_form,
    served_fixture,
)
from tests.lti_platform import INSTRUCTOR, LEARNER, LmsPlatform


def answer_everything(
    app: Flask, browser: FlaskClient, code: str, right: int, lms: LmsPlatform | None = None
) -> None:
    """Answer every statement of the session through its answer endpoint, ``right`` of them
    with the right label (with ``lms``: checking that the score goes out only once the last
    answer's response is delivered)."""
    token = csrf_token(browser.get(f"/play/{code}").get_data(as_text=True))
    with app.app_context():
        statements = db.session.scalar(
            select(ClassSession).where(ClassSession.code == code)
        ).article.active_statements
    for n, statement in enumerate(statements):
        label = statement.label.value if n < right else _wrong(statement.label.value)
        data = {"csrf_token": token, "statement": statement.key, "label": label}
        response = browser.post(f"/play/{code}/answers", data=data)
        assert response.status_code == 303
        if lms is not None:
            assert lms.scores == []  # not during the request: a slow LMS never holds it up
        response.close()  # as a server does once it is sent: the grade goes out then


def _wrong(label: str) -> str:
    return "speculation" if label != "speculation" else "verified"


def test_learner_launch_answers_and_the_platform_receives_the_score(
    app: Flask, client: FlaskClient, lms: LmsPlatform
) -> None:
    public_id, code = make_activity(app)
    custom = {"sourcesense_activity": public_id}
    landed = launch_through(client, lms, custom=custom, claims={"email": "ana@school.example"})
    assert landed.status_code == 303 and landed.location == f"/play/{code}"
    play = client.get(landed.location)
    assert play.status_code == 200 and "Ana B." in play.get_data(as_text=True)
    answer_everything(app, client, code, right=5, lms=lms)
    [score] = lms.scores
    assert score["path"] == "/lineitems/link-1/scores" and score["query"] == "type=x"
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == ("learner-1", 5, 8)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    with app.app_context():
        assert db.session.scalar(select(LtiGrade.status)) is GradeStatus.SENT
    # A relaunch finds the same participant; another learner gets a name of their own.
    again = launch_through(client, lms, custom=custom)
    assert again.location == f"/play/{code}"
    other = launch_through(app.test_client(), lms, custom=custom, sub="learner-2")
    anonymous = launch_through(
        app.test_client(), lms, custom=custom, sub="learner-3", drop=["given_name"]
    )
    assert other.status_code == anonymous.status_code == 303
    with app.app_context():
        names = db.session.scalars(select(Participant.nickname).order_by(Participant.id)).all()
        assert names[0] == "Ana B." and names[1] == "Ana B. 2" and names[2].startswith("Learner ")
        assert len(names) == 3 and db.session.scalar(select(func.count(LtiGrade.id))) == 1
        assert db.session.scalars(select(LtiLearner.email)).all() == [None] * 3  # not kept


def test_instructor_deep_link_round_trip_and_course_instructors_reach_results(
    app: Flask, client: FlaskClient, lms: LmsPlatform
) -> None:
    landed = launch_through(client, lms, message_type="LtiDeepLinkingRequest", roles=[INSTRUCTOR])
    assert landed.status_code == 303 and landed.location.startswith("/teach/lti/deep-link?link=")
    # The picker opens in the LMS's dialog frame: the log-in cookie must be sent cross-site.
    login_cookie = next(c for c in landed.headers.getlist("Set-Cookie") if "sourcesense=" in c)
    assert "SameSite=None" in login_cookie and "Secure" in login_cookie
    picker = client.get(landed.location)
    assert picker.status_code == 200
    assert f"frame-ancestors {lms.base_url}" in picker.headers["Content-Security-Policy"]
    form = {
        "csrf_token": csrf_token(picker.get_data(as_text=True)),
        "link": landed.location.split("link=")[1],
        "article": BRIEFING,
        "feedback": "end",
        "evidence_step": "y",
    }
    returned = client.post("/teach/lti/deep-link", data=form)
    assert returned.status_code == 200
    assert f"form-action 'self' {lms.base_url}" in returned.headers["Content-Security-Policy"]
    page = returned.get_data(as_text=True)
    assert "<script>" not in page and 'src="/static/js/autosubmit.js?v=' in page
    action, fields = posted_form(page)
    assert action == lms.base_url + "/deep-link-return"
    assert requests.post(action, data=fields, timeout=10).status_code == 200
    [claims] = lms.deep_links  # verified by the platform with the tool's JWKS
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-data-1"
    [item] = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert item["type"] == "ltiResourceLink" and item["lineItem"]["scoreMaximum"] == 8
    with app.app_context():
        activity = db.session.scalar(select(LtiActivity))
        assert item["custom"]["sourcesense_activity"] == activity.public_id
        session = activity.class_session
        assert session.evidence_step and session.feedback is Feedback.END and session.lms_linked
        session_id = session.id
        teacher = session.teacher
        assert teacher.email.startswith("lti:") and not teacher.is_admin
        assert accounts.authenticate(teacher.email, "") is None
    # The link's first launch, by another instructor of the course, lands on the results.
    colleague = app.test_client()
    opened = launch_through(
        colleague, lms, sub="teacher-2", roles=[INSTRUCTOR], custom=item["custom"]
    )
    assert opened.location == f"/teach/sessions/{session_id}/results"
    results = colleague.get(opened.location)
    assert results.status_code == 200 and "LMS gradebook" in results.get_data(as_text=True)
    assert colleague.get(f"/teach/sessions/{session_id}/delete").status_code == 403
    stranger = app.test_client()
    launch_through(stranger, lms, sub="t-3", roles=[INSTRUCTOR], context_id="course-999",
                   resource_link_id="link-9")  # fmt: skip
    assert stranger.get(f"/teach/sessions/{session_id}/results").status_code == 404


def test_grade_waits_after_a_503_and_is_sent_by_retries(
    app: Flask, client: FlaskClient, lms: LmsPlatform
) -> None:
    public_id, code = make_activity(app)
    lms.score_statuses = [503]
    lms.members = [
        {"user_id": "learner-1", "name": "Ana Bell", "roles": [LEARNER], "status": "Active"},
        {"user_id": "learner-9", "name": "Zoe Quinn", "roles": [LEARNER], "status": "Active"},
        {"user_id": "teacher-1", "name": "Ms Teacher", "roles": [INSTRUCTOR], "status": "Active"},
    ]
    launch_through(client, lms, custom={"sourcesense_activity": public_id})
    answer_everything(app, client, code, right=8)  # the platform answers 503: it waits
    assert lms.scores == []
    with app.app_context():
        grade = db.session.scalar(select(LtiGrade))
        assert grade.status is GradeStatus.WAITING and grade.attempts == 1
        assert "503" in grade.last_error
        class_session = db.session.scalar(select(ClassSession).where(ClassSession.code == code))
        results_browser = log_in(app.test_client(), class_session.teacher)
        session_id = class_session.id
    page = results_browser.get(f"/teach/sessions/{session_id}/results").get_data(as_text=True)
    assert "Waiting (tried 1×)" in page and "Send waiting grades now" in page
    assert "Zoe Quinn" in page and "Ana Bell" not in page  # the roster: who has not started
    runner = app.test_cli_runner()
    assert "sent 0 grade(s)" in runner.invoke(args=["lti", "retry-grades"]).output  # paused
    with app.app_context():
        grade = db.session.scalar(select(LtiGrade))
        grade.next_attempt_at = grade.finished_at  # the pause is over
        db.session.commit()
    assert "sent 1 grade(s)" in runner.invoke(args=["lti", "retry-grades"]).output
    assert [s["scoreGiven"] for s in lms.scores] == [8]
    page = results_browser.get(f"/teach/sessions/{session_id}/results").get_data(as_text=True)
    assert ">Sent<" in page and "Send waiting grades now" not in page


def test_framing_is_allowed_only_for_a_framed_platform_and_its_cookies_are_cross_site(
    app: Flask, lms: LmsPlatform
) -> None:
    public_id, code = make_activity(app)
    window = app.test_client()
    landed = launch_through(window, lms, custom={"sourcesense_activity": public_id})
    cookies = landed.headers.getlist("Set-Cookie")
    classes = next(c for c in cookies if c.startswith("sourcesense_classes="))
    assert "SameSite=Lax" in classes and "Partitioned" not in classes
    play = window.get(f"/play/{code}")
    assert play.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in play.headers["Content-Security-Policy"]
    with app.app_context():
        platform = db.session.scalar(select(LtiPlatform))
        platform.frame_origin = "https://lms.school.example"
        db.session.commit()
    framed = app.test_client()
    landed = launch_through(framed, lms, custom={"sourcesense_activity": public_id}, sub="x-2")
    cookies = landed.headers.getlist("Set-Cookie")
    classes = next(c for c in cookies if c.startswith("sourcesense_classes="))
    assert "SameSite=None" in classes and "Secure" in classes and "Partitioned" in classes
    play = framed.get(f"/play/{code}")
    assert "X-Frame-Options" not in play.headers
    assert (
        "frame-ancestors https://lms.school.example;"
        in play.headers["Content-Security-Policy"] + ";"
    )
    assert (
        "frame-ancestors 'none'"
        in app.test_client().get("/join").headers["Content-Security-Policy"]
    )
