"""Teachers' material: notes per article (teachers only), a reminder on their own articles, and
a worksheet that prints its answer key on a page of its own."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.config import CONTENT_DIR
from quiz.library import operations as library
from quiz.library.content_files import read_article
from quiz.library.teacher_notes import notes_html
from tests.factories import log_in, make_teacher

SLUG = "kramatorsk-strike-briefing"


def test_notes_render_markdown_and_show_html_as_text() -> None:
    html = str(notes_html("## Lesson outline\n\n- ten minutes <script>x</script>"))
    assert "<h2>Lesson outline</h2>" in html and "<li>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_only_teachers_see_the_notes_and_the_worksheet_link(
    app: Flask, client: FlaskClient, teacher_client: FlaskClient
) -> None:
    teacher_page = teacher_client.get(f"/articles/{SLUG}").get_data(as_text=True)
    assert "Notes for teachers" in teacher_page and "Lesson outline" in teacher_page
    assert "Print it as a worksheet" in teacher_page
    learner_page = client.get(f"/articles/{SLUG}").get_data(as_text=True)
    assert "Notes for teachers" not in learner_page and "worksheet" not in learner_page
    assert client.get(f"/teach/articles/{SLUG}/worksheet").status_code == 403


def test_a_teachers_own_article_is_reminded_of_statements_without_a_check(app: Flask) -> None:
    folder = CONTENT_DIR / SLUG
    text = (folder / "statements.toml").read_text(encoding="utf-8")
    with app.app_context():
        teacher = make_teacher("own@example.org")
        spec = read_article(folder)[0]
        stripped = tuple(
            replace(s, verify_note=None) if s.key == "believe-ss-21" else s for s in spec.statements
        )
        slug = library.import_article(teacher, replace(spec, statements=stripped)).slug
        browser = log_in(app.test_client(), teacher)
    page = browser.get(f"/articles/{slug}").get_data(as_text=True)
    assert "A reminder" in page and "We believe they used a short-range ballistic missile" in page
    assert "verify_note" in text  # the library's own copy has its note: no reminder there
    assert "A reminder" not in browser.get(f"/articles/{SLUG}").get_data(as_text=True)


@pytest.mark.browser
def test_the_worksheet_prints_its_answer_key_on_a_page_of_its_own(
    browser: object, server_url: str
) -> None:
    from pypdf import PdfReader

    from tests.browser import log_in_teacher
    from tests.factories import PASSWORD

    page = browser.new_context().new_page()
    log_in_teacher(page, server_url, "teacher@example.org", PASSWORD)
    page.goto(f"{server_url}/teach/articles/{SLUG}/worksheet")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    texts = [p.extract_text() for p in pdf.pages]
    key_pages = [i for i, t in enumerate(texts) if "Answer key" in t]
    sheet_pages = [i for i, t in enumerate(texts) if "Name:" in t]
    assert sheet_pages == [0] and len(key_pages) == 1
    assert key_pages[0] > max(i for i, t in enumerate(texts) if "Speculation" in t and "☐" in t)
    assert not texts[key_pages[0]].split("Answer key")[0].strip()  # the key starts its page
    assert "Log out" not in "".join(texts)  # the site's header is not printed
    page.context.close()
