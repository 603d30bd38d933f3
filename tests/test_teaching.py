"""Teaching the reasoning: the evidence step, context before a question, feedback for the choice
made, statements for discussion, and checking a statement yourself."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from quiz.evidence import markable_span, options, score
from quiz.extensions import db
from quiz.feedback_texts import MISTAKES, lateral_reading, mistake_text
from quiz.labels import Label
from quiz.library.models import Statement
from quiz.practice.models import Answer, ReviewItem, Run
from quiz.practice.operations import record_answer, record_evidence
from tests.factories import csrf_token, learner_browser, start_run

TEXT = "Military expert Ivan Petrov, a former officer, has speculated that troops could soon move."
CUES = [
    {"text": text, "start": TEXT.index(text), "end": TEXT.index(text) + len(text), "kind": kind}
    for text, kind in (
        ("Military expert", "source_expert"),
        ("has speculated", "speculation_verb"),
        ("could soon", "hedge"),
    )
]


def span_of(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_cue_offsets_of_the_example_are_right() -> None:
    assert all(TEXT[c["start"] : c["end"]] == c["text"] for c in CUES)


@pytest.mark.parametrize(
    ("marked", "found_source", "found_hedge", "found"),
    [
        ([], False, False, 0),
        (["Military expert"], True, False, 1),
        (["expert"], True, False, 1),  # half of a cue's words is enough
        (["The"], False, False, 0),  # articles and punctuation do not count
        (["speculated", "could soon"], False, True, 2),
        (["Military expert Ivan Petrov, a former officer, has speculated"], True, True, 2),
    ],
)
def test_marks_are_scored_against_the_cues(
    marked: list[str], found_source: bool, found_hedge: bool, found: int
) -> None:
    spans = [span_of(words) for words in marked if words in TEXT]
    result = score(TEXT, spans, CUES)
    assert (result.found_source, result.found_hedge, len(result.found)) == (
        found_source,
        found_hedge,
        found,
    )


def test_phrases_to_tick_include_every_cue_and_the_rest_of_the_sentence() -> None:
    offered = [o.text for o in options(TEXT, markable_span(0, len(TEXT), CUES), CUES)]
    assert {"Military expert", "has speculated", "could soon"} <= set(offered)
    assert "Ivan Petrov" in offered and "a former officer" in offered
    assert all(o == o.strip(" ,.") for o in offered)


def test_feedback_differs_by_the_label_chosen() -> None:
    texts = {mistake_text(Label.INTELLIGENCE_CLAIM, chosen) for chosen in Label}
    assert None in texts and len(texts) == 3
    assert mistake_text(Label.VERIFIED, Label.VERIFIED) is None
    assert len(set(MISTAKES.values())) == 6
    author = {"speculation": "The author's own words."}
    assert mistake_text(Label.VERIFIED, Label.SPECULATION, author) == "The author's own words."
    assert (
        mistake_text(Label.VERIFIED, Label.INTELLIGENCE_CLAIM, author)
        == MISTAKES[(Label.VERIFIED, Label.INTELLIGENCE_CLAIM)]
    )
    steps = [step for step, _ in lateral_reading("Look at the agency's own report.")]
    assert steps == ["Stop", "Investigate the source", "Find better coverage", "Trace the claim"]


def statement(app: Flask, key: str) -> tuple[int, int]:
    """A statement's id and its position in a fresh run of its article; the run's id."""
    with app.app_context():
        found = db.session.scalar(select(Statement).where(Statement.key == key))
        run = start_run(found.article.slug)
        return found.id, run.statement_ids.index(found.id) + 1, run.public_id


def answer_and_mark(
    app: Flask, browser: FlaskClient, run_id: str, sid: int, label: str, marks: str = ""
) -> str:
    """Answer one statement through the pages, mark words, and return the feedback page."""
    question = browser.get(f"/runs/{run_id}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(question), "statement": str(sid), "label": label}
    evidence_page = browser.post(f"/runs/{run_id}/answers", data=data).location
    page = browser.get(evidence_page).get_data(as_text=True)
    checked = browser.post(
        evidence_page, data={"csrf_token": csrf_token(page), "marks": marks or "[]"}
    )
    return browser.get(checked.location).get_data(as_text=True)


def browser_for(app: Flask, run_id: str) -> FlaskClient:
    with app.app_context():
        return learner_browser(app, db.session.scalar(select(Run).where(Run.public_id == run_id)))


def test_the_feedback_page_speaks_to_the_mistake_and_how_to_check(app: Flask) -> None:
    sid, _, run_id = statement(app, "nis-shells-missiles")
    with app.app_context():
        run = db.session.scalar(select(Run).where(Run.public_id == run_id))
        run.statement_ids = [sid]  # the run asks this statement first
        db.session.commit()
        expected = mistake_text(Label.INTELLIGENCE_CLAIM, Label.VERIFIED, found_why_not(sid))
    browser = browser_for(app, run_id)
    page = answer_and_mark(app, browser, run_id, sid, "verified")
    assert str(escape(expected)) in page
    assert "Check it yourself" in page and "Find better coverage" in page
    assert "You marked no words" in page and "You did not mark who says so" in page


def found_why_not(sid: int) -> dict[str, str]:
    return db.session.get(Statement, sid).why_not


def test_marking_the_source_is_kept_and_shown(app: Flask) -> None:
    sid, _, run_id = statement(app, "mikhaylov-speculated-deployment")
    with app.app_context():
        run = db.session.scalar(select(Run).where(Run.public_id == run_id))
        run.statement_ids = [sid]
        db.session.commit()
        found = db.session.get(Statement, sid)
        source = next(c for c in found.cues if c["kind"].startswith("source"))
        marks = f"[[{source['start']}, {source['end']}]]"
    browser = browser_for(app, run_id)
    page = answer_and_mark(app, browser, run_id, sid, "speculation", marks)
    assert "You found who says so." in page
    with app.app_context():
        kept = db.session.scalar(select(Answer.evidence))
        assert kept["found_source"] is True and kept["marks"] == [[source["start"], source["end"]]]


def test_marks_outside_the_statement_are_dropped_and_the_first_marks_stay(app: Flask) -> None:
    with app.app_context():
        run = start_run("kramatorsk-strike-briefing")
        first = db.session.get(Statement, run.statement_ids[0])
        answer = record_answer(run, str(first.id), Label.VERIFIED, None).answer
        record_evidence(answer, [[0, 10**9], ["a", 3], [first.start, first.start + 3]])
        record_evidence(answer, [[first.start, first.end]])
        kept = db.session.get(Answer, answer.id).evidence
        assert kept["marks"] == [[first.start, first.start + 3]]


def test_questions_show_the_words_before_a_follow_on_statement(app: Flask) -> None:
    sid, _, run_id = statement(app, "report-suggests-technical-help")
    with app.app_context():
        run = db.session.scalar(select(Run).where(Run.public_id == run_id))
        run.statement_ids = [sid]
        db.session.commit()
    page = browser_for(app, run_id).get(f"/runs/{run_id}").get_data(as_text=True)
    context = re.search(r'<p class="context">(.*?)</p>', page, re.S).group(1)
    assert "The NIS claims" in context
    assert "Read the paragraph" in page


def test_a_statement_for_discussion_is_not_scored_or_reviewed(app: Flask) -> None:
    with app.app_context():
        run = start_run("matariki-public-holiday")
        talk = db.session.scalar(select(Statement).where(Statement.key == "something-very-special"))
        assert talk.discuss and talk.prompt and len(talk.arguments) >= 2
        wrong = next(label for label in Label if label is not talk.label)
        record_answer(run, str(talk.id), wrong, None)
        assert (
            db.session.scalar(select(ReviewItem).where(ReviewItem.statement_id == talk.id)) is None
        )
        position = run.statement_ids.index(talk.id) + 1
        run_id = run.public_id
        browser = learner_browser(app, run)
    page = browser.get(f"/runs/{run_id}/feedback/{position}").get_data(as_text=True)
    assert "A statement to discuss" in page and "This statement is not scored" in page
    assert "Not quite" not in page
