"""Small things on the pages teachers and students meet first: the home page's examples, the
article page's way into a session, the nickname hint."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from quiz.config import CONTENT_DIR
from quiz.library.content_files import read_library
from tests.factories import log_in, make_learner_account, open_class


def test_the_home_page_explains_the_labels_with_examples_from_no_quiz(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    guide = page[page.index('id="labels-heading"') : page.index('id="library-heading"')]
    examples = re.findall(r"Example, not from any article:</span>\s*<q>(.*?)</q>", guide, re.S)
    assert len(examples) == 3 and all('<mark class="cue">' in e for e in examples)
    words = [re.sub(r"<[^>]+>", "", e) for e in examples]
    for article in read_library(CONTENT_DIR).articles:
        for statement in article.statements:
            assert str(escape(statement.quote)) not in guide
        assert not any(sentence in article.body for sentence in words)


def test_a_teacher_can_start_a_session_from_an_article(
    app: Flask, client: FlaskClient, teacher_client: FlaskClient
) -> None:
    url = "/articles/kramatorsk-strike-briefing"
    start = 'href="/teach/articles/kramatorsk-strike-briefing/sessions/new"'
    assert start in teacher_client.get(url).get_data(as_text=True)
    assert start not in client.get(url).get_data(as_text=True)
    with app.app_context():
        learner = log_in(app.test_client(), make_learner_account())
    assert start not in learner.get(url).get_data(as_text=True)


def test_the_nickname_hint_says_who_sees_it(app: Flask, teacher: int) -> None:
    _, code = open_class(app, teacher)
    page = app.test_client().get(f"/join/{code}").get_data(as_text=True)
    assert "Your teacher and your class see it; you do not need your real name." in page
    assert "classmates' teacher" not in page
