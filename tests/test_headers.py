"""Headers and hosts: private pages are never cached; join links use the trusted address."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import join_class, learner_browser, open_class, start_run


def test_teacher_learner_and_student_pages_and_exports_are_not_stored(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    session_id, code = open_class(app, teacher)
    student = join_class(app, code, "Kim")
    with app.app_context():
        run = start_run()
        learner, run_id = learner_browser(app, run), run.public_id
    for browser, path in (
        (teacher_client, "/teach"),
        (teacher_client, f"/teach/sessions/{session_id}"),
        (teacher_client, f"/teach/sessions/{session_id}/results"),
        (teacher_client, f"/teach/sessions/{session_id}/answers.csv"),
        (teacher_client, f"/teach/sessions/{session_id}/students.csv"),
        (teacher_client, "/account"),
        (learner, f"/runs/{run_id}"),
        (learner, "/me"),
        (student, f"/play/{code}"),
    ):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    # The students' poll keeps revalidating with its ETag (its screen is the student's own).
    poll = student.get(f"/play/{code}/state.json")
    assert poll.headers["Cache-Control"] == "private, no-cache"
    assert "no-store" not in app.test_client().get("/").headers.get("Cache-Control", "")


def test_join_link_and_qr_use_the_public_address_not_the_host_header(
    app: Flask, teacher: int, teacher_client: FlaskClient
) -> None:
    app.config["PUBLIC_URL"] = "https://class.example.org"
    session_id, code = open_class(app, teacher)
    page = teacher_client.get(f"/teach/sessions/{session_id}").get_data(as_text=True)
    assert f"https://class.example.org/join/{code}" in page and "http://localhost" not in page


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example"])
def test_untrusted_hosts_are_refused(app: Flask, client: FlaskClient, host: str) -> None:
    app.config["TRUSTED_HOSTS"] = ["localhost", "class.example.org"]
    refused = client.get("/join", headers={"Host": host})
    assert refused.status_code == 400 and "not served here" in refused.get_data(as_text=True)
    assert client.get("/join", headers={"Host": "class.example.org"}).status_code == 200
