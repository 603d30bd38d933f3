"""A live classroom session in real Chromium: a teacher and two students, with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from quiz.config import CONTENT_DIR
from tests.browser import layout_problems, log_in_teacher, serious_violations
from tests.factories import PASSWORD
from tests.import_helpers import zip_folder

pytestmark = pytest.mark.browser


def in_viewport(page: object, selector: str) -> bool:
    """Whether the element is wholly inside the window."""
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800


def test_live_session_on_the_projector_with_two_students(browser: object, server_url: str) -> None:
    """The projector at 1280x800: joins, start, the split and the reveal arrive without a
    reload; the reveal keeps the page where it was and lands in view; N, R and S drive it."""
    teacher = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in_teacher(teacher, server_url, "teacher@example.org", PASSWORD)
    teacher.get_by_role("link", name="New session on North Korean Leader").click()
    teacher.get_by_label("Live: my screen shows one statement at a time").check()
    teacher.get_by_role("button", name="Open the session").click()
    code = teacher.inner_text(".join-code").strip()
    assert len(code) == 6
    assert teacher.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")
    assert serious_violations(teacher) == []
    teacher.evaluate("window.samePage = true")

    ana = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    ana.goto(server_url + "/join")
    assert serious_violations(ana) == []
    ana.get_by_label("Join code").fill(code.lower())
    ana.get_by_role("button", name="Join").click()
    ana.get_by_label("Your nickname").fill("Ana")
    ana.get_by_role("button", name="Join").click()
    assert "Waiting for your teacher" in ana.inner_text("main")
    assert serious_violations(ana) == []

    ben = browser.new_context().new_page()
    ben.goto(f"{server_url}/join/{code}")
    ben.get_by_label("Your nickname").fill("Ben")
    ben.get_by_role("button", name="Join").click()

    # Both appear in the lobby without the teacher reloading.
    expect(teacher.locator("[data-lobby-names] li")).to_have_text(["Ana", "Ben"], timeout=10_000)

    ana.evaluate("window.sameDocument = true")
    teacher.get_by_role("button", name="Start with the first statement").click()
    expect(teacher.locator("#stage-heading")).to_have_text("Statement 1 of 17")
    assert teacher.evaluate("document.activeElement.id") == "stage-heading"
    # The join code moved to a corner; nothing shows the statements to come.
    assert teacher.locator(".join-corner .code-small [aria-hidden]").inner_text() == code
    assert teacher.locator(".projector-quote").count() == 1
    size = teacher.locator(".projector-quote").evaluate(
        "q => parseFloat(getComputedStyle(q).fontSize)"
    )
    assert size >= 32
    for student in (ana, ben):
        student.wait_for_selector("html[data-keys-ready] [data-answer-form]", timeout=10_000)
    # The poll brought the new screen into the same page, and focus moved to its heading.
    assert ana.evaluate("window.sameDocument === true")
    assert ana.evaluate("document.activeElement.tagName") == "H1"
    assert serious_violations(ana) == []
    ana.keyboard.press("1")
    ben.keyboard.press("3")
    ana.wait_for_selector("text=Answer received")
    expect(teacher.locator("[data-current-answered]")).to_have_text("2", timeout=10_000)
    assert teacher.locator("[data-split]").is_hidden()
    teacher.keyboard.press("s")
    assert teacher.locator("[data-split]").is_visible()
    assert teacher.inner_text('.split [data-count="verified"]') == "1"
    assert teacher.inner_text('.split [data-share="speculation"]') == "50"
    assert teacher.locator('[data-bar="speculation"]').get_attribute("width") == "50"
    assert serious_violations(teacher) == []

    before = teacher.evaluate("window.scrollY")
    teacher.keyboard.press("r")
    teacher.wait_for_selector("#reveal-heading")
    assert teacher.evaluate("window.scrollY") == before
    assert in_viewport(teacher, "#reveal-heading")
    assert teacher.evaluate("document.activeElement.id") == "reveal-heading"
    assert teacher.locator(".projector-passage mark.cue").count() >= 1
    assert teacher.locator(".split-row.is-answer").count() == 1
    for student in (ana, ben):
        student.wait_for_selector("h1:has-text('The answer:')", timeout=10_000)
        assert student.evaluate("document.activeElement.textContent").startswith("The answer:")
        assert student.locator(".passage mark.cue").count() >= 1
    answer = ana.inner_text("h1").split("The answer:")[1].strip()
    assert teacher.inner_text("#reveal-heading") == f"The answer: {answer}"
    assert ("right!" in ana.inner_text(".verdict")) == (answer == "Verified")
    assert ("right!" in ben.inner_text(".verdict")) == (answer == "Speculation")
    assert serious_violations(ben) == []
    assert serious_violations(teacher) == []
    assert teacher.evaluate("document.documentElement.scrollWidth") <= 1280

    teacher.get_by_role("button", name="Next statement").click()
    expect(teacher.locator("#stage-heading")).to_have_text("Statement 2 of 17")
    assert (
        teacher.locator("[data-split]").is_hidden()
        and teacher.locator("#reveal-heading").count() == 0
    )
    assert teacher.evaluate("window.samePage === true")  # never reloaded
    ana.wait_for_selector("text=Statement 2 of 17", timeout=10_000)
    assert ana.evaluate("window.sameDocument === true")
    for page in (teacher, ana, ben):
        page.context.close()


def test_review_page_of_a_brought_article(browser: object, server_url: str) -> None:
    page = browser.new_context().new_page()
    log_in_teacher(page, server_url, "teacher@example.org", PASSWORD)
    page.goto(server_url + "/teach/articles/new")
    assert serious_violations(page) == []
    assert layout_problems(page, "new article", axe=False) == []
    page.get_by_label("Title").fill("Spy claims and guesses")
    page.get_by_label("Outlet").fill("Class newsletter")
    page.get_by_label("Article text").fill(
        "The NIS claims that Pyongyang is supplying Russia with artillery shells.\n\n"
        "Military expert Ivan Petrov has speculated that troops could soon be deployed.\n\n"
        "The ceremony was attended by senior officials, according to Reuters."
    )
    page.get_by_role("button", name="Analyse the article").click()
    page.wait_for_selector(".review-list")
    assert page.locator(".review-item").count() == 3
    assert page.locator(".review-item mark.cue").count() >= 3
    # Each suggestion says how sure it is, in words; the least sure come first.
    words = page.locator(".review-item .confidence").all_inner_texts()
    assert all(
        w.split(" (")[0] in ("very likely right", "probably right", "unsure — check it")
        for w in words
    )
    shown = [
        float(c)
        for c in page.eval_on_selector_all(
            ".review-item", "items => items.map(i => i.dataset.confidence)"
        )
    ]
    assert shown == sorted(shown)
    assert serious_violations(page) == []
    assert layout_problems(page, "review of a draft", axe=False) == []
    page.get_by_role("button", name="Publish the ticked statements").click()
    page.wait_for_selector("text=Published.")
    assert page.get_by_role("button", name="Practise this article (3 statements)").count() == 1
    page.context.close()


def test_every_teacher_page_fits_and_passes_axe(browser: object, server_url: str) -> None:
    """The teacher's flow: each page fits 360 and 1280 px without sideways scroll and passes
    axe (new article and review: in the test above); the projector's controls then work as
    plain forms without script."""
    page = browser.new_context().new_page()
    log_in_teacher(page, server_url, "teacher@example.org", PASSWORD)
    page.goto(server_url + "/teach")
    found = layout_problems(page, "teacher home")
    page.goto(server_url + "/")
    found += layout_problems(page, "library home", axe=False)  # axe: test_browser.py
    page.goto(server_url + "/articles/kramatorsk-strike-briefing")
    page.get_by_role("link", name="Start a session").click()
    found += layout_problems(page, "new session")
    page.get_by_label("Live: my screen shows one statement at a time").check()
    page.get_by_role("button", name="Open the session").click()
    code = page.inner_text(".join-code").strip()
    projector = page.url
    found += layout_problems(page, "projector lobby")

    student = browser.new_context(java_script_enabled=False).new_page()
    student.goto(f"{server_url}/join/{code}")
    student.get_by_label("Your nickname").fill("A-very-long-nickname-xyz")
    student.get_by_role("button", name="Join").click()
    page.get_by_role("button", name="Start with the first statement").click()
    expect(page.locator("#stage-heading")).to_have_text("Statement 1 of 8")
    student.goto(f"{server_url}/play/{code}")
    student.get_by_role("button", name="Speculation", exact=True).click()
    page.get_by_role("button", name="Show the split").click()
    expect(page.locator('.split [data-count="speculation"]')).to_have_text("1", timeout=10_000)
    found += layout_problems(page, "projector with the split")
    page.get_by_role("button", name="Reveal the answer").click()
    expect(page.locator("#reveal-heading")).to_contain_text("The answer:")
    found += layout_problems(page, "projector reveal")

    page.get_by_role("link", name="Teacher view").click()
    found += layout_problems(page, "teacher view")
    page.get_by_role("link", name="Results").click()
    page.locator("table.matrix a").first.click()
    assert page.locator("#cell li").count() == 1
    found += layout_problems(page, "results with a matrix cell")
    page.get_by_role("link", name="Teacher view").click()
    page.get_by_role("link", name="Delete this session…").click()
    found += layout_problems(page, "delete confirmation")

    page.goto(server_url + "/teach/articles/import")
    found += layout_problems(page, "import")
    archive = zip_folder(CONTENT_DIR / "kramatorsk-strike-briefing", "kramatorsk-strike-briefing")
    page.set_input_files(
        "input[type=file]", {"name": "a.zip", "mimeType": "application/zip", "buffer": archive}
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_have_text("This article is already in SourceSense")
    found += layout_problems(page, "import choice")
    assert found == []

    # Without script the projector's controls are plain forms and links: the page reloads.
    plain = browser.new_context(java_script_enabled=False).new_page()
    log_in_teacher(plain, server_url, "teacher@example.org", PASSWORD)
    plain.goto(projector)
    plain.get_by_role("button", name="Next statement").click()
    assert plain.inner_text("#stage-heading") == "Statement 2 of 8"
    assert plain.locator("[data-split]").is_hidden()
    plain.get_by_role("button", name="Show the split").click()
    assert plain.url.endswith("?split=1") and plain.locator("[data-split]").is_visible()
    plain.get_by_role("button", name="Reveal the answer").click()
    assert plain.inner_text("#reveal-heading").startswith("The answer:")
    for context in (plain.context, student.context, page.context):
        context.close()
