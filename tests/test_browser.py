"""Real headless Chromium plays the first article with the keyboard; axe-core checks each page."""

from __future__ import annotations

import pytest

from quiz.config import CONTENT_DIR
from quiz.library.content_files import read_library
from tests.browser import serious_violations

pytestmark = pytest.mark.browser


def labels_by_quote() -> dict[str, str]:
    article = next(a for a in read_library(CONTENT_DIR).articles if a.slug == "pyongyang-tribute")
    return {s.quote: s.label.title for s in article.statements}


KEYS = {"Verified": "1", "Intelligence claim": "2", "Speculation": "3"}
# An element's text as it looks: without the words only screen readers get.
VISIBLE_TEXT = """el => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.visually-hidden').forEach(n => n.remove());
  return copy.textContent;
}"""


def test_keyboard_play_through_with_feedback_summary_and_axe(
    browser: object, server_url: str
) -> None:
    answers = labels_by_quote()
    context = browser.new_context()
    page = context.new_page()
    external: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(server_url) else external.append(r.url),
    )
    page.goto(server_url + "/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="North Korean Leader Pays Solemn Tribute").first.click()
    page.get_by_role("button", name="Practise this article").focus()
    page.keyboard.press("Enter")

    expected_right = 0
    for position in range(1, 18):
        page.wait_for_selector("html[data-keys-ready] [data-answer-form]")
        assert f"Statement {position} of 17" in page.inner_text(".progress")
        for name in ("Verified", "Intelligence claim", "Speculation"):
            assert page.get_by_role("button", name=name, exact=True).count() == 1
        if position == 1:
            assert serious_violations(page) == []
        quote = page.inner_text(".statement-quote").strip()
        right = answers[quote]
        choice = right if position % 3 else next(t for t in KEYS if t != right)
        expected_right += choice == right
        page.keyboard.press(KEYS[choice])

        # The evidence step: mark a word with the keyboard, then check the marks.
        page.wait_for_selector("html[data-keys-ready] [data-word-picker]:not([hidden])")
        assert page.evaluate("document.activeElement.tagName") == "H1"
        first_word = page.locator("button.word").first
        first_word.focus()
        page.keyboard.press("Space")
        assert first_word.get_attribute("aria-pressed") == "true"
        if position == 1:
            assert serious_violations(page) == []
        page.get_by_role("button", name="Check my marks").focus()
        page.keyboard.press("Enter")

        page.wait_for_selector("html[data-keys-ready] #result")
        verdict = page.inner_text("#result")
        assert ("Right!" in verdict) == (choice == right)
        assert page.evaluate("document.activeElement.id") == "result"
        shown = page.locator(".passage").evaluate(VISIBLE_TEXT)
        assert " ".join(quote.split()) in " ".join(shown.split())
        # Screen readers are told where the statement is and which words are cues.
        if position == 1:
            spoken = page.locator(".passage").aria_snapshot()
            assert "Statement:" in spoken and "cue:" in spoken
        assert page.locator(".passage mark.cue").count() >= 1
        link = page.get_by_role("link", name="See this statement in the full article")
        assert "#s-" in link.get_attribute("href")
        if position == 1:
            assert serious_violations(page) == []
        page.keyboard.press("n")

    page.wait_for_selector("table.matrix")
    assert f"{expected_right} of 17" in page.inner_text(".score")
    assert page.locator(".article-body mark.lab").count() == 17
    assert page.locator(".legend li").count() == 3
    assert page.locator(".mistakes > li").count() == 17 - expected_right
    assert serious_violations(page) == []
    assert external == []
    context.close()


def test_works_without_javascript_on_a_phone(browser: object, server_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(server_url + "/articles/kramatorsk-strike-briefing")
    page.get_by_role("button", name="Practise this article").click()
    for position in range(1, 9):
        # A click does not wait for the next page to load: wait for it before measuring.
        page.wait_for_selector("[data-answer-form]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.get_by_label("Not sure").check()
        page.get_by_role("button", name="Verified", exact=True).click()
        page.get_by_role("checkbox").first.check()  # without JavaScript: phrases to tick
        page.get_by_role("button", name="Check my marks").click()
        assert page.locator("#result").count() == 1
        page.get_by_role(
            "link", name="Next statement" if position < 8 else "See your results"
        ).click()
    page.wait_for_selector("table.matrix")
    assert "of 8" in page.inner_text(".score")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_focus_is_visible_on_answer_buttons(browser: object, server_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(server_url + "/articles/pyongyang-tribute")
    page.get_by_role("button", name="Practise this article").click()
    button = page.get_by_role("button", name="Verified", exact=True)
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("none", "")
    context.close()


def test_axe_check_reports_a_known_violation(browser: object) -> None:
    """Guards the checks above: axe must flag a page that is clearly inaccessible."""
    page = browser.new_page()
    page.set_content("<html><body><button></button><img src='x.png'></body></html>")
    found = serious_violations(page)
    assert any(v.startswith("button-name") for v in found)
    assert any(v.startswith("image-alt") for v in found)
    page.close()


def test_progress_page_is_accessible(browser: object, server_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(server_url + "/articles/kramatorsk-strike-briefing")
    page.get_by_role("button", name="Practise this article").click()
    for position in range(1, 9):
        page.get_by_label("Sure", exact=True).check()
        page.get_by_role("button", name="Speculation", exact=True).click()
        page.get_by_role("button", name="Check my marks").click()
        page.get_by_role(
            "link", name="Next statement" if position < 8 else "See your results"
        ).click()
    page.goto(server_url + "/me")
    assert page.get_by_role("img", name="Score of each finished run, in percent").count() == 1
    assert page.get_by_role("img", name="Share right by how sure you said you were").count() == 1
    assert "7 statements in your review queue" in page.inner_text("main")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Review 7 statements").click()
    assert "Statement 1 of 7" in page.inner_text(".progress")
    context.close()
