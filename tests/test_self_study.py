"""Self-study: the scheduling rule, learner accounts and merging, progress, exports, deletion."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.accounts.models import User
from quiz.analysis import cue_kind
from quiz.extensions import db
from quiz.library.models import Statement
from quiz.practice.models import Answer, Learner, ReviewItem, Run
from quiz.scheduling import INTERVALS, ReviewState, schedule
from tests.factories import PASSWORD, csrf_token, hidden_statement, make_teacher, play_run
from tests.pages import log_in_through_form as log_in

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_wrong_answer_enters_the_queue_due_at_once() -> None:
    state = schedule(None, correct=False, run_id=1, now=NOW)
    assert state == ReviewState(step=0, due_at=NOW, right_runs=0, last_right_run_id=None)


def test_right_answer_outside_the_queue_changes_nothing() -> None:
    assert schedule(None, correct=True, run_id=1, now=NOW) is None


def test_a_right_run_rests_a_day_and_a_second_right_run_leaves() -> None:
    """The rule the README states: wrong, due at once; right in a new run, back in a day;
    right in a second, later run, out of the queue."""
    assert (timedelta(0), timedelta(days=1)) == INTERVALS
    state = schedule(None, False, 1, NOW)
    later = NOW + timedelta(hours=1)
    state = schedule(state, True, 2, later)
    assert state.step == 1 and state.due_at == later + timedelta(days=1) and state.right_runs == 1
    assert schedule(state, True, 2, later) == state  # same run again: no second credit
    assert schedule(state, True, 3, later + timedelta(days=1)) is None  # second run: leaves


def test_wrong_answer_brings_it_back_sooner() -> None:
    state = schedule(schedule(None, False, 1, NOW), True, 2, NOW)
    assert state.due_at == NOW + INTERVALS[1]
    back = schedule(state, False, 3, NOW + timedelta(hours=2))
    assert back.due_at == NOW + timedelta(hours=2) and back.right_runs == 0 and back.step == 0


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("The NIS claims", "source_intelligence"),
        ("could soon", "hedge"),
        ("has speculated", "speculation_verb"),
        ("Sources close to the event suggest", "source_anonymous"),
        ("according to Reuters", "source_outlet"),
        ("has consistently denied", "denial"),
        ("blue sky", None),
    ],
)
def test_cue_kinds(phrase: str, kind: str | None) -> None:
    assert cue_kind(phrase) == kind


def sign_up_learner(client: FlaskClient, login: str = "newsreader") -> object:
    page = client.get("/me/signup").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "login": login,
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    return client.post("/me/signup", data=data)


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_wrong_answers_fill_the_queue_and_a_review_run_works(
    app: Flask, client: FlaskClient
) -> None:
    play_run(app, client, "kramatorsk-strike-briefing", "speculation")
    assert count(app, ReviewItem) == 7  # 8 statements, 1 speculation
    progress = client.get("/me").get_data(as_text=True)
    assert "7 statements in your review queue; 7 due now" in progress
    token = csrf_token(progress)
    review = client.post("/me/review", data={"csrf_token": token})
    assert review.status_code == 303
    run_id = review.location.rsplit("/", 1)[1]
    question = client.get(f"/runs/{run_id}").get_data(as_text=True)
    assert "Statement 1 of 7" in question
    with app.app_context():
        run = db.session.scalar(select(Run).where(Run.public_id == run_id))
        assert run.kind == "review" and run.article_id is None
        labels = {s.id: s.label for s in db.session.scalars(select(Statement))}
    for _ in range(7):
        html = client.get(f"/runs/{run_id}").get_data(as_text=True)
        sid = hidden_statement(html)
        data = {"csrf_token": csrf_token(html), "statement": sid, "label": labels[int(sid)]}
        client.post(f"/runs/{run_id}/answers", data=data)
    summary = client.get(f"/runs/{run_id}/summary").get_data(as_text=True)
    assert "<strong>7 of 7</strong>" in summary and "review of your mistakes" in summary
    with app.app_context():
        items = db.session.scalars(select(ReviewItem)).all()
        assert len(items) == 7 and all(i.right_runs == 1 and i.step == 1 for i in items)
    assert "0 due now" in client.get("/me").get_data(as_text=True)
    nothing = client.post("/me/review", data={"csrf_token": token}, follow_redirects=True)
    assert "Nothing is due" in nothing.get_data(as_text=True)


def test_progress_shows_runs_labels_calibration_and_cues(app: Flask, client: FlaskClient) -> None:
    play_run(app, client, "kramatorsk-strike-briefing", "verified", confidence="sure")
    play_run(
        app, client, "iran-nuclear-program-status", "intelligence_claim", confidence="not_sure"
    )
    page = client.get("/me").get_data(as_text=True)
    assert "Runs over time" in page and page.count("<rect") > 5
    assert "5 of 8 (62%)" in page and "5 of 12 (42%)" in page
    assert '<th scope="row">Sure</th><td>8</td><td>5 (62%)</td>' in page
    assert '<th scope="row">Not sure</th><td>12</td><td>5 (42%)</td>' in page
    assert "Mastery by cue" in page and "Spy agencies and secret sources" in page
    assert 'role="img"' in page and '<title id="runs-title">' in page


def test_sign_up_keeps_this_browsers_runs(app: Flask, client: FlaskClient) -> None:
    play_run(app, client, "kramatorsk-strike-briefing", "verified")
    assert sign_up_learner(client).status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "newsreader"))
        learner = db.session.scalar(select(Learner).where(Learner.user_id == user.id))
        assert (
            db.session.scalar(select(func.count(Run.id)).where(Run.learner_id == learner.id)) == 1
        )
    assert "1 of 8" not in client.get("/me").get_data(as_text=True)  # 5 of 8 shown instead
    assert "5 of 8" in client.get("/me").get_data(as_text=True)


def test_logging_in_on_another_browser_merges_its_runs(app: Flask, client: FlaskClient) -> None:
    sign_up_learner(client)
    play_run(app, client, "kramatorsk-strike-briefing", "verified")
    other = app.test_client()
    play_run(app, other, "iran-nuclear-program-status", "speculation")
    assert log_in(other, "newsreader").location == "/me"
    page = other.get("/me").get_data(as_text=True)
    assert "Senior Defense Official" in page and "Iran&#39;s Nuclear Program" in page
    assert count(app, Learner) == 1
    # Logging out leaves nothing of the account in that browser.
    token = csrf_token(page)
    other.post("/logout", data={"csrf_token": token})
    assert "No answers yet" in other.get("/me").get_data(as_text=True)


def test_learner_name_taken_and_bad_input(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_teacher("taken@example.org")
    assert sign_up_learner(client, "Taken@example.org").status_code == 400
    assert sign_up_learner(client, "ab").status_code == 400


def test_exports_hold_every_answer_and_are_safe(app: Flask, client: FlaskClient) -> None:
    sign_up_learner(client, "=cmd")
    play_run(app, client, "kramatorsk-strike-briefing", "verified")
    rows = list(csv.DictReader(io.StringIO(client.get("/me/answers.csv").get_data(as_text=True))))
    assert len(rows) == 8 and {r["chosen_label"] for r in rows} == {"verified"}
    assert sum(r["correct"] == "true" for r in rows) == 5
    assert {r["correct"] for r in rows} == {"true", "false"}
    assert all(r["answered_at"].endswith("+00:00") for r in rows)
    data = client.get("/me/answers.json").json
    assert data["account"] == "=cmd" and len(data["answers"]) == 8
    assert {a["correct"] for a in data["answers"]} == {True, False}
    assert all(a["answered_at"].endswith("+00:00") for a in data["answers"])
    assert app.test_client().get("/me/answers.csv").status_code == 403


def test_delete_account_removes_every_row(app: Flask, client: FlaskClient) -> None:
    sign_up_learner(client)
    play_run(app, client, "kramatorsk-strike-briefing", "speculation")
    page = client.get("/me/delete").get_data(as_text=True)
    wrong = client.post(
        "/me/delete", data={"csrf_token": csrf_token(page), "password": "nope nope nope"}
    )
    assert wrong.status_code == 400 and count(app, User) == 1
    done = client.post("/me/delete", data={"csrf_token": csrf_token(page), "password": PASSWORD})
    assert done.status_code == 303
    for model in (User, Learner, Run, Answer, ReviewItem):
        assert count(app, model) == 0, model.__name__
    assert "No answers yet" in client.get("/me").get_data(as_text=True)


def test_no_one_sees_another_learners_progress(app: Flask, client: FlaskClient) -> None:
    sign_up_learner(client, "alice")
    run_id = play_run(app, client, "kramatorsk-strike-briefing", "verified")
    stranger = app.test_client()
    page = stranger.get("/me").get_data(as_text=True)
    assert "No answers yet" in page and "Senior Defense Official" not in page
    assert stranger.get(f"/runs/{run_id}/summary").status_code == 404
    sign_up_learner(stranger, "bob")
    assert "No answers yet" in stranger.get("/me").get_data(as_text=True)
    assert stranger.get("/me/answers.json").json["answers"] == []
    # A learner account is not a teacher.
    assert stranger.get("/teach").status_code == 403
