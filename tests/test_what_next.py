"""Self-study's next steps: practice of one kind of cue, and the suggestion after a run."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quiz.analysis.kinds import CueGroup
from quiz.extensions import db
from quiz.labels import Label
from quiz.library.models import Article, Statement
from quiz.practice import queries
from quiz.practice.models import Answer, Run, RunKind
from quiz.practice.progress import cue_group
from tests.factories import answer_run, fresh_token, learner_browser, play_run, start_run


def _run(app: Flask, public_id: str) -> Run:
    return db.session.scalar(select(Run).where(Run.public_id == public_id))


def _practise(client: FlaskClient, group: str) -> object:
    token = fresh_token(client)
    return client.post(f"/me/practice/{group}", data={"csrf_token": token})


def test_progress_offers_practice_of_the_weakest_cue(app: Flask, client: FlaskClient) -> None:
    play_run(app, client, "kramatorsk-strike-briefing", "verified")
    page = client.get("/me").get_data(as_text=True)
    weakest = re.search(r"<h3>Your weakest: ([^<]+)</h3>", page)
    assert weakest, "the weakest kind of cue is named"
    assert 'aria-labelledby="cues-caption"' in page and 'tabindex="0"' in page
    assert '<title id="cues-title">' in page and "Practise this" in page
    group = next(g for g in CueGroup if g.title == weakest.group(1))
    assert f'action="/me/practice/{group.value}"' in page


def test_a_cue_run_asks_statements_of_that_group_unanswered_first(
    app: Flask, client: FlaskClient
) -> None:
    play_run(app, client, "pyongyang-tribute", "intelligence_claim")
    response = _practise(client, CueGroup.SECRET_SOURCES.value)
    assert response.status_code == 303
    run_id = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        run = _run(app, run_id)
        assert run.kind is RunKind.CUES and run.article is None
        assert 0 < len(run.statement_ids) <= 10
        statements = [db.session.get(Statement, i) for i in run.statement_ids]
        assert all(s.article.public and s.active and not s.discuss for s in statements)
        assert all(any(cue_group(c) is CueGroup.SECRET_SOURCES for c in s.cues) for s in statements)
        right_before = set(
            db.session.scalars(
                select(Answer.statement_id).where(Answer.correct, Answer.run_id != run.id)
            )
        )
        fresh = [i not in right_before for i in run.statement_ids]
        assert fresh == sorted(fresh, reverse=True), "statements not yet answered right come first"
    question = client.get(f"/runs/{run_id}")
    assert question.status_code == 200
    with app.app_context():
        answer_run(_run(app, run_id), Label.INTELLIGENCE_CLAIM)
    summary = client.get(f"/runs/{run_id}/summary").get_data(as_text=True)
    assert "in this practice of “spy agencies and secret sources”" in summary
    progress = client.get("/me").get_data(as_text=True)
    assert "Practice: Spy agencies and secret sources" in progress


def test_a_new_browser_can_start_a_cue_run(app: Flask, client: FlaskClient) -> None:
    response = _practise(client, CueGroup.HEDGES.value)
    assert response.status_code == 303 and "/runs/" in response.headers["Location"]
    assert client.get(response.headers["Location"]).status_code == 200


def test_cue_practice_refuses_bad_requests(client: FlaskClient) -> None:
    token = fresh_token(client)
    assert client.post("/me/practice/astrology", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/me/practice/{CueGroup.HEDGES.value}").status_code == 400
    assert client.get(f"/me/practice/{CueGroup.HEDGES.value}").status_code == 405


def test_a_good_run_suggests_the_next_level_a_weak_one_the_same(app: Flask) -> None:
    with app.app_context():
        good = start_run("us-drought-warning")
        answer_run(good)
        suggestion = queries.suggest_next(good.learner, good)
        assert suggestion.article is not None and suggestion.article.level == 2
        weak = start_run("matariki-public-holiday")
        answer_run(weak, Label.SPECULATION)
        suggestion = queries.suggest_next(weak.learner, weak)
        assert suggestion.article is not None and suggestion.article.level == 1
        assert suggestion.article.slug not in {"matariki-public-holiday"}
        assert suggestion.group is not None


def test_the_suggestion_skips_articles_already_practised(app: Flask) -> None:
    with app.app_context():
        first = start_run("us-drought-warning")
        answer_run(first, Label.SPECULATION)
        second = queries.suggest_next(first.learner, first).article
        run = start_run(second.slug)
        run.learner = first.learner
        db.session.flush()
        answer_run(run, Label.SPECULATION)
        third = queries.suggest_next(first.learner, run).article
        assert third is not None and third.slug not in {"us-drought-warning", second.slug}
        assert third.level == 1


def test_the_suggestion_prefers_the_weakest_cues(app: Flask) -> None:
    with app.app_context():
        run = start_run("iran-nuclear-program-status")
        answer_run(run, Label.VERIFIED)
        suggestion = queries.suggest_next(run.learner, run)
        level_two = db.session.scalars(
            select(Article).where(Article.level == 2, Article.id != run.article_id)
        ).all()

        def count(article: Article) -> int:
            return sum(
                any(cue_group(c) is suggestion.group for c in s.cues)
                for s in article.active_statements
                if not s.discuss
            )

        assert count(suggestion.article) == max(count(a) for a in level_two)


def test_the_summary_says_what_next(app: Flask) -> None:
    with app.app_context():
        run = start_run("us-drought-warning")
        answer_run(run)
        browser = learner_browser(app, run)
        suggestion = queries.suggest_next(run.learner, run)
    page = browser.get(f"/runs/{run.public_id}/summary").get_data(as_text=True)
    assert "What next" in page and "A good run: this one asks a little more." in page
    assert f'href="/articles/{suggestion.article.slug}"' in page
    assert f'action="/me/practice/{suggestion.group.value}"' in page
