"""The learner's loop through the test client, on a real database."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.library.models import Statement
from quiz.library.presenters import source_passage
from quiz.practice.models import Answer, Run
from tests.factories import csrf_token, hidden_statement
from tests.pages import answer_current, start_run_through_pages


def count_answers(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Answer.id)))


def run_order(app: Flask, run_id: str) -> list[int]:
    with app.app_context():
        return db.session.scalar(select(Run).where(Run.public_id == run_id)).statement_ids


@pytest.fixture
def start_run(client: FlaskClient):
    """Start a run on an article through its page; returns the run's id."""
    return lambda slug="pyongyang-tribute": start_run_through_pages(client, slug)


def test_home_lists_library_and_explains_labels(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "North Korean Leader Pays Solemn Tribute" in page
    assert "17 statements to sort" in page
    assert "Iran&#39;s Nuclear Program: Status" in page
    assert "Congressional Research Service" in page
    for label in ("Verified", "Intelligence claim", "Speculation"):
        assert f"<dt>{label}</dt>" in page


def test_article_page_shows_credit_and_anchors(client: FlaskClient) -> None:
    page = client.get("/articles/kramatorsk-strike-briefing").get_data(as_text=True)
    assert "Public domain" in page
    assert "defense.gov" in page
    assert 'id="s-major-rail-hub"' in page
    assert "[Verified]" not in page  # labels are not given away before practice


def test_unknown_article_and_run_are_404(client: FlaskClient) -> None:
    assert client.get("/articles/no-such-article").status_code == 404
    assert client.get("/runs/no-such-run").status_code == 404
    response = client.get("/runs/no-such-run/summary")
    assert response.status_code == 404
    assert "nothing at this address" in response.get_data(as_text=True)


def test_whole_loop_scores_and_summarises(app: Flask, client: FlaskClient, start_run) -> None:
    run_id = start_run()
    total = len(run_order(app, run_id))
    assert total == 17
    for position in range(1, total + 1):
        page = client.get(f"/runs/{run_id}").get_data(as_text=True)
        assert f"Statement {position} of {total}" in page
        assert 'aria-keyshortcuts="1"' in page
        data = {
            "csrf_token": csrf_token(page),
            "statement": hidden_statement(page),
            "label": "speculation",
            "confidence": "sure",
        }
        response = client.post(f"/runs/{run_id}/answers", data=data)
        assert response.status_code == 303
        # The evidence step: the learner ticks the first phrase offered, then sees feedback.
        assert response.location.endswith(f"/runs/{run_id}/evidence/{position}")
        marking = client.get(response.location).get_data(as_text=True)
        ticked = re.search(r'name="option" value="(\d+-\d+)"', marking).group(1)
        marked = client.post(
            response.location, data={"csrf_token": csrf_token(marking), "option": ticked}
        )
        assert marked.location.endswith(f"/runs/{run_id}/feedback/{position}")
        feedback = client.get(marked.location).get_data(as_text=True)
        assert "Statement" in feedback and f"{position} of {total}" in feedback
        assert '<mark class="cue">' in feedback and "The words that tell" in feedback
        assert '<span class="stmt">' in feedback
    assert client.get(f"/runs/{run_id}").location.endswith(f"/runs/{run_id}/summary")
    summary = client.get(f"/runs/{run_id}/summary").get_data(as_text=True)
    # All answers "speculation": the 8 speculation statements are right.
    assert "<strong>8 of 17</strong> right (47%)" in summary
    assert "Speculation:</strong> 8 of 8 right" in summary
    assert "Verified:</strong> 0 of 6 right" in summary
    assert len(re.findall(r'<mark class="lab lab-[a-z_]+" id="s-', summary)) == 17
    assert "Try again" in summary
    assert len(re.findall(r"<li>\s*<blockquote", summary)) == 9  # every mistake listed


def test_feedback_shows_verdict_explanation_and_marked_source(
    app: Flask, client: FlaskClient, start_run
) -> None:
    run_id = start_run()
    key, response = answer_current(client, run_id, "intelligence_claim")
    marking = client.get(response.location).get_data(as_text=True)
    assert "Which words tell you?" in marking
    checked = client.post(response.location, data={"csrf_token": csrf_token(marking)})
    page = client.get(checked.location).get_data(as_text=True)
    assert "The right label is" in page or "That is correct." in page
    assert "You marked no words" in page
    with app.app_context():
        anchor = db.session.get(Statement, int(key)).key
    assert f'/articles/pyongyang-tribute#s-{anchor}"' in page
    assert "Why it is" in page
    assert re.search(r'<blockquote class="passage"><p>.*<span class="stmt">', page, re.S)


def test_cue_words_are_marked_in_the_passage(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        statement = db.session.scalar(
            select(Statement).where(Statement.key == "nis-shells-missiles")
        )
        html = str(source_passage(statement))
    hidden = '<span class="visually-hidden">{}</span>'
    statement_begins = hidden.format("Statement: ")
    cue = f'<mark class="cue">{hidden.format("cue: ")}The NIS claims</mark>'
    assert f'<span class="stmt">{statement_begins}{cue}' in html  # announced to screen readers
    shown = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
    text = re.sub(r"<[^>]+>", "", shown)  # the passage is the whole paragraph around it
    assert text.startswith("The NIS claims") and text.endswith("support for Moscow.")


def test_order_is_shuffled_per_run_and_stable_on_reload(
    app: Flask, client: FlaskClient, start_run
) -> None:
    orders = [run_order(app, start_run()) for _ in range(4)]
    assert len({tuple(order) for order in orders}) > 1
    run_id = start_run()
    first = hidden_statement(client.get(f"/runs/{run_id}").get_data(as_text=True))
    again = hidden_statement(client.get(f"/runs/{run_id}").get_data(as_text=True))
    assert first == again


def test_double_submit_stores_one_answer(app: Flask, client: FlaskClient, start_run) -> None:
    run_id = start_run()
    page = client.get(f"/runs/{run_id}").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "statement": hidden_statement(page),
        "label": "verified",
    }
    first = client.post(f"/runs/{run_id}/answers", data=data)
    second = client.post(f"/runs/{run_id}/answers", data={**data, "label": "speculation"})
    assert first.location == second.location
    assert count_answers(app) == 1
    feedback = client.get(second.location).get_data(as_text=True)
    assert "your first answer counts" in feedback
    assert "You chose <strong>Verified</strong>" in feedback


def test_second_tab_answering_same_statement_keeps_first(
    app: Flask, client: FlaskClient, start_run
) -> None:
    run_id = start_run()
    tab_a = client.get(f"/runs/{run_id}").get_data(as_text=True)
    tab_b = client.get(f"/runs/{run_id}").get_data(as_text=True)
    key = hidden_statement(tab_a)
    assert hidden_statement(tab_b) == key
    for page, label in ((tab_a, "speculation"), (tab_b, "verified")):
        data = {"csrf_token": csrf_token(page), "statement": key, "label": label}
        client.post(f"/runs/{run_id}/answers", data=data)
    assert count_answers(app) == 1
    with app.app_context():
        assert db.session.scalar(select(Answer.chosen)) == "speculation"
    # The next question is the next statement, not the one already answered.
    assert hidden_statement(client.get(f"/runs/{run_id}").get_data(as_text=True)) != key


def test_finished_run_cannot_be_changed(app: Flask, client: FlaskClient, start_run) -> None:
    run_id = start_run("kramatorsk-strike-briefing")
    keys = []
    for _ in range(8):
        page = client.get(f"/runs/{run_id}").get_data(as_text=True)
        keys.append(hidden_statement(page))
        data = {"csrf_token": csrf_token(page), "statement": keys[-1], "label": "verified"}
        client.post(f"/runs/{run_id}/answers", data=data)
    before = client.get(f"/runs/{run_id}/summary").get_data(as_text=True)
    token = csrf_token(before)
    for key in keys:
        data = {"csrf_token": token, "statement": key, "label": "speculation"}
        assert client.post(f"/runs/{run_id}/answers", data=data).status_code == 303
    assert count_answers(app) == 8
    after = client.get(f"/runs/{run_id}/summary").get_data(as_text=True)
    assert "<strong>5 of 8</strong>" in before and "<strong>5 of 8</strong>" in after


def test_invalid_label_is_400_and_stores_nothing(
    app: Flask, client: FlaskClient, start_run
) -> None:
    run_id = start_run()
    page = client.get(f"/runs/{run_id}").get_data(as_text=True)
    base = {"csrf_token": csrf_token(page), "statement": hidden_statement(page)}
    for bad in ({"label": "true"}, {"label": ""}, {}, {"label": "verified", "confidence": "x"}):
        response = client.post(f"/runs/{run_id}/answers", data={**base, **bad})
        assert response.status_code == 400
        assert "That did not work" in response.get_data(as_text=True)
    assert count_answers(app) == 0


def test_statement_not_in_run_is_400(app: Flask, client: FlaskClient, start_run) -> None:
    run_id = start_run()
    page = client.get(f"/runs/{run_id}").get_data(as_text=True)
    for key in ("major-rail-hub", "no-such-statement", "x" * 200):
        data = {"csrf_token": csrf_token(page), "statement": key, "label": "verified"}
        response = client.post(f"/runs/{run_id}/answers", data=data)
        assert response.status_code == 400
    assert "not part of this practice run" in client.post(
        f"/runs/{run_id}/answers",
        data={"csrf_token": csrf_token(page), "statement": "major-rail-hub", "label": "verified"},
    ).get_data(as_text=True)
    assert count_answers(app) == 0


def test_missing_csrf_token_is_400(app: Flask, client: FlaskClient, start_run) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    run_id = start_run()
    key = hidden_statement(client.get(f"/runs/{run_id}").get_data(as_text=True))
    response = client.post(f"/runs/{run_id}/answers", data={"statement": key, "label": "verified"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert client.post("/articles/pyongyang-tribute/practice").status_code == 400
    assert count_answers(app) == 0


def test_another_browser_cannot_see_or_answer_a_run(
    app: Flask, client: FlaskClient, start_run
) -> None:
    run_id = start_run()
    stranger = app.test_client()
    assert stranger.get(f"/runs/{run_id}").status_code == 404
    assert stranger.get(f"/runs/{run_id}/feedback/1").status_code == 404
    assert stranger.get(f"/runs/{run_id}/summary").status_code == 404
    page = stranger.get("/articles/pyongyang-tribute").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "statement": "nis-shells-missiles", "label": "verified"}
    assert stranger.post(f"/runs/{run_id}/answers", data=data).status_code == 404
    assert count_answers(app) == 0


def test_feedback_for_unanswered_or_missing_position(client: FlaskClient, start_run) -> None:
    run_id = start_run()
    assert client.get(f"/runs/{run_id}/feedback/1").status_code == 302
    assert client.get(f"/runs/{run_id}/feedback/99").status_code == 404
    assert client.get(f"/runs/{run_id}/feedback/0").status_code == 404
    assert client.get(f"/runs/{run_id}/summary").status_code == 302


def test_wrong_method_is_405_not_500(client: FlaskClient) -> None:
    assert client.get("/articles/pyongyang-tribute/practice").status_code == 405


def test_security_headers_and_cookie_flags(client: FlaskClient, start_run) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    page = client.get("/articles/pyongyang-tribute").get_data(as_text=True)
    posted = client.post(
        "/articles/pyongyang-tribute/practice", data={"csrf_token": csrf_token(page)}
    )
    cookie = posted.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_have_no_inline_script_or_external_requests(client: FlaskClient, start_run) -> None:
    run_id = start_run()
    for url in ("/", "/articles/pyongyang-tribute", f"/runs/{run_id}"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://www', ""))


def test_statement_text_is_escaped(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        statement = db.session.scalar(select(Statement).where(Statement.key == "major-rail-hub"))
        statement.explanation = "<script>alert(1)</script> is escaped."
        db.session.commit()
    page = client.get("/articles/kramatorsk-strike-briefing").get_data(as_text=True)
    assert "<script>alert" not in page
