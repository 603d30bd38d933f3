"""A learner's launch from the test LMS in real Chromium, through the answers to the score the
LMS receives, with axe-core. The LMS is served as ``localhost`` and the app as ``127.0.0.1``:
two sites, so the launch's form post is cross-site as in a school."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.library.operations import load_content
from tests.browser import serious_violations
from tests.conftest import make_app
from tests.lti_helpers import make_activity, register_platform
from tests.lti_platform import LmsPlatform, new_key, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tool_and_lms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LmsPlatform]]:
    """The app on 127.0.0.1 (SQLite, the real library) and the LMS on localhost, each in a
    thread; the LMS registered in the app with one activity."""
    database: Path = tmp_path_factory.mktemp("lti-browser") / "lti.db"
    app = make_app(f"sqlite:///{database}", LTI_ALLOW_HTTP=True)
    with app.app_context():
        load_content(CONTENT_DIR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    tool = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    with serve(LmsPlatform(key=new_key()), host="localhost") as lms:
        lms.tool_launch_url = tool + "/lti/launch"
        lms.tool_jwks_url = tool + "/lti/jwks.json"
        with app.app_context():
            register_platform(lms)
        public_id, _ = make_activity(app)
        lms.next_launch = {"custom": {"sourcesense_activity": public_id}, "sub": "browser-1"}
        yield tool, lms
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def test_a_learner_launches_from_the_lms_answers_and_the_score_reaches_it(
    browser: object, tool_and_lms: tuple[str, LmsPlatform]
) -> None:
    tool, lms = tool_and_lms
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{lms.base_url}/course?tool_login={tool}/lti/login")
    page.get_by_role("link", name="Open the SourceSense activity").click()
    page.wait_for_selector("[data-answer-form]", timeout=15_000)
    assert page.url.startswith(tool + "/play/")
    assert serious_violations(page) == []
    for _ in range(8):
        page.wait_for_selector("[data-answer-form]")
        with page.expect_navigation():
            page.get_by_role("button", name="Verified").click()
    page.wait_for_selector("h1:has-text('All done!')")
    assert serious_violations(page) == []
    deadline = time.monotonic() + 10
    while not lms.scores and time.monotonic() < deadline:
        time.sleep(0.05)
    [score] = lms.scores
    assert score["userId"] == "browser-1" and score["scoreMaximum"] == 8
    shown = page.inner_text(".score")
    assert f"{score['scoreGiven']} of 8" in shown
    page.context.close()
