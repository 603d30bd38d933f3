"""The learner's and the student's pages in real Chromium: answer buttons in view on a phone for
every statement of the library, no sideways scroll at 360 and 1280 px, axe on every page."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from quiz.accounts.models import User
from quiz.classroom import operations as classroom
from quiz.classroom.models import ClassSession, Feedback, SessionMode
from quiz.codes import new_public_id
from quiz.extensions import db
from quiz.library.models import Article, Statement
from quiz.practice.learner_cookie import LEARNER_COOKIE
from quiz.practice.models import Learner, Run
from tests.browser import layout_problems

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# What keeps a question from being answered without scrolling, on the page as it is.
QUESTION_PROBLEMS = """touch => {
  const out = [];
  const buttons = [...document.querySelectorAll('.answer-buttons .answer')];
  if (buttons.length !== 3) out.push(`${buttons.length} answer buttons`);
  for (const button of buttons) {
    const r = button.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth)
      out.push(`"${button.textContent.trim()}" at ${Math.round(r.top)}-${Math.round(r.bottom)} px`);
  }
  // The statement's first lines (or all of it) show above the answer bar.
  const quote = document.querySelector('.statement-quote').getBoundingClientRect();
  const bar = document.querySelector('.answer-bar').getBoundingClientRect();
  if (quote.top < 0 || quote.top + Math.min(quote.height, 72) > bar.top)
    out.push(`the statement at ${Math.round(quote.top)} px, the bar at ${Math.round(bar.top)} px`);
  if (document.documentElement.scrollWidth > innerWidth)
    out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  const tip = document.querySelector('.key-tip');
  if (touch && tip && getComputedStyle(tip).display !== 'none') out.push('a keyboard tip on touch');
  return out;
}"""


def one_statement_runs(app: Flask, keys: list[str] | None = None) -> tuple[str, dict[str, str]]:
    """A new learner with a run of one statement for each active statement of the public
    library (or of the given keys): the learner's id and each statement's run."""
    with app.app_context():
        learner = Learner(public_id=new_public_id())
        db.session.add(learner)
        query = (
            select(Statement)
            .join(Article, Statement.article_id == Article.id)
            .where(Article.public, Statement.active)
            .order_by(Article.slug, Statement.start)
        )
        runs = {}
        for statement in db.session.scalars(query):
            if keys is not None and statement.key not in keys:
                continue
            run = Run(
                public_id=new_public_id(),
                learner=learner,
                article_id=statement.article_id,
                statement_ids=[statement.id],
            )
            db.session.add(run)
            runs[f"{statement.article.slug}/{statement.key}"] = run.public_id
        db.session.commit()
        return learner.public_id, runs


def learner_page(browser: object, app: Flask, url: str, learner_id: str, **options: object):
    """A page whose browser is this anonymous learner."""
    context = browser.new_context(**options)
    value = LEARNER_COOKIE.signed(learner_id, app.secret_key)
    context.add_cookies([{"name": LEARNER_COOKIE.name, "value": value, "url": url}])
    return context.new_page()


def test_answer_buttons_are_in_view_for_every_statement(
    browser: object, server_url: str, server_app: Flask
) -> None:
    """On a phone (360x640, touch: no keyboard tips) and a laptop (1280x800), for every
    statement of the library."""
    learner_id, runs = one_statement_runs(server_app)
    assert len(runs) >= 100
    page = learner_page(browser, server_app, server_url, learner_id, **PHONE)
    found = []
    for name, run_id in runs.items():
        page.set_viewport_size(PHONE["viewport"])
        page.goto(f"{server_url}/runs/{run_id}", wait_until="domcontentloaded")
        found += [f"{name} at 360 px: {p}" for p in page.evaluate(QUESTION_PROBLEMS, True)]
        page.set_viewport_size(DESKTOP["viewport"])
        found += [f"{name} at 1280 px: {p}" for p in page.evaluate(QUESTION_PROBLEMS, False)]
    assert found == []
    page.context.close()


def test_every_learner_page_fits_and_passes_axe(
    browser: object, server_url: str, server_app: Flask
) -> None:
    with server_app.app_context():
        follow_on = db.session.scalar(
            select(Statement.key).where(Statement.context_start.is_not(None), Statement.active)
        )
    learner_id, runs = one_statement_runs(server_app, [follow_on])
    page = learner_page(browser, server_app, server_url, learner_id, **PHONE)
    page.goto(server_url + "/")
    found = layout_problems(page, "home")
    page.goto(server_url + "/articles/syria-strikes-mattis-briefing")
    found += layout_problems(page, "article")

    page.goto(f"{server_url}/runs/{next(iter(runs.values()))}")
    assert page.locator(".context").count() == 1
    found += layout_problems(page, "question with its context")
    page.get_by_role("button", name="Speculation", exact=True).click()
    page.wait_for_selector("[data-word-picker]:not([hidden])")
    found += layout_problems(page, "evidence step")
    page.locator("button.word").first.click()
    page.get_by_role("button", name="Check my marks").click()
    page.wait_for_selector("#result")
    found += layout_problems(page, "feedback")
    page.get_by_role("link", name="See your results").click()
    page.wait_for_selector("table.matrix")
    found += layout_problems(page, "summary")

    page.goto(server_url + "/me")
    expect(
        page.get_by_role("img", name="Share right by kind of cue, weakest first")
    ).to_be_visible()
    found += layout_problems(page, "progress")
    page.get_by_role("button", name="Practise this").click()
    assert re.search(r"/runs/[\w-]+$", page.url)
    found += layout_problems(page, "practice of one kind of cue")

    page.goto(server_url + "/login")
    found += layout_problems(page, "log in")
    page.goto(server_url + "/me/signup")
    found += layout_problems(page, "sign up")
    page.get_by_label("Nickname or email").fill("a-learner-walking-pages")
    page.get_by_label("Password", exact=True).fill("a long enough password 1")
    page.get_by_label("Repeat the password").fill("a long enough password 1")
    page.get_by_role("button", name="Create my account").click()
    page.goto(server_url + "/account")
    found += layout_problems(page, "account")
    assert found == []
    page.context.close()


def _open_session(app: Flask, mode: SessionMode, evidence_step: bool) -> str:
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.email == "teacher@example.org"))
        article = db.session.scalar(
            select(Article).where(Article.slug == "kramatorsk-strike-briefing")
        )
        keys = [s.key for s in article.active_statements[:2]]
        class_session = classroom.create_session(
            teacher,
            article,
            keys,
            mode=mode,
            shuffle=False,
            feedback=Feedback.EACH,
            open_minutes=None,
            evidence_step=evidence_step,
        )
        return class_session.code


def _live_action(app: Flask, code: str, action: str) -> None:
    with app.app_context():
        class_session = db.session.scalar(select(ClassSession).where(ClassSession.code == code))
        getattr(classroom, action)(class_session)


def test_every_student_page_fits_and_passes_axe(
    browser: object, server_url: str, server_app: Flask
) -> None:
    code = _open_session(server_app, SessionMode.SELF_PACED, evidence_step=True)
    page = browser.new_context(**PHONE).new_page()
    page.goto(server_url + "/join")
    found = layout_problems(page, "join")
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join").click()
    found += layout_problems(page, "nickname")
    page.get_by_label("Your nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    for position in (1, 2):
        page.wait_for_selector("[data-answer-form]")
        if position == 1:
            found += layout_problems(page, "class question")
        page.get_by_role("button", name="Verified", exact=True).click()
        page.wait_for_selector("[data-word-picker]:not([hidden])")
        if position == 1:
            found += layout_problems(page, "class evidence step")
        page.locator("button.word").first.click()
        page.get_by_role("button", name="Check my marks").click()
        page.wait_for_selector("#result")
        if position == 1:
            found += layout_problems(page, "class feedback")
        page.get_by_role("link", name=re.compile("Next statement|See your results")).click()
    expect(page.locator("h1")).to_contain_text("All done")
    found += layout_problems(page, "class done")

    code = _open_session(server_app, SessionMode.LIVE, evidence_step=False)
    page.goto(f"{server_url}/join/{code}")
    page.get_by_label("Your nickname").fill("Ana")
    page.get_by_role("button", name="Join").click()
    found += layout_problems(page, "live waiting")
    _live_action(server_app, code, "advance")
    page.wait_for_selector("[data-answer-form]", timeout=10_000)
    page.get_by_role("button", name="Speculation", exact=True).click()
    page.wait_for_selector("text=Answer received")
    found += layout_problems(page, "live answered")
    _live_action(server_app, code, "reveal")
    expect(page.locator("main")).to_contain_text("The answer:", timeout=10_000)
    found += layout_problems(page, "live reveal")
    _live_action(server_app, code, "close")
    expect(page.locator("main")).to_contain_text("closed", timeout=10_000)
    found += layout_problems(page, "closed")
    assert found == []
    page.context.close()
