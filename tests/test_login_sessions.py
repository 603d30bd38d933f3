"""Log-in sessions end for real: log-out, log-out everywhere, password change, account deletion."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.accounts.models import LoginSession, User
from quiz.classroom.models import ClassSession
from quiz.extensions import db
from quiz.library.models import Article
from tests.factories import (
    PASSWORD,
    csrf_token,
    fresh_token,
    make_learner_account,
    make_teacher,
    open_class,
    play_run,
)
from tests.pages import log_in_through_form as log_in


def copy_cookies(source: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding copies of every cookie of ``source`` (a stolen cookie jar)."""
    thief = app.test_client()
    for name in ("sourcesense", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def test_after_log_out_a_copied_cookie_opens_nothing(
    app: Flask, client: FlaskClient, teacher: int
) -> None:
    assert log_in(client, "teacher@example.org", remember="y").status_code == 303
    session_id, _ = open_class(app, teacher)
    thief = copy_cookies(client, app)
    assert thief.get("/teach").status_code == 200  # the copy works while the log-in lasts
    client.post("/logout", data={"csrf_token": fresh_token(client, "/teach")})
    assert client.get("/teach").status_code == 403
    assert thief.get("/teach").status_code == 403
    close = thief.post(
        f"/teach/sessions/{session_id}/close", data={"csrf_token": fresh_token(thief)}
    )
    assert close.status_code == 403
    with app.app_context():
        assert db.session.get(ClassSession, session_id).closed_at is None


def test_remember_me_cookie_alone_stops_working_after_log_out(
    app: Flask, client: FlaskClient, teacher: int
) -> None:
    log_in(client, "teacher@example.org", remember="y")
    remembered = app.test_client()
    remembered.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert remembered.get("/teach").status_code == 200
    client.post("/logout", data={"csrf_token": fresh_token(client, "/teach")})
    assert app.test_client().get("/teach").status_code == 403
    stale = app.test_client()
    stale.set_cookie("remember_token", remembered.get_cookie("remember_token").value)
    assert stale.get("/teach").status_code == 403


def test_log_out_everywhere_ends_every_browser(app: Flask, teacher: int) -> None:
    browsers = [app.test_client() for _ in range(3)]
    for browser in browsers:
        log_in(browser, "teacher@example.org")
    response = browsers[0].post(
        "/account/logout-everywhere", data={"csrf_token": fresh_token(browsers[0], "/account")}
    )
    assert response.status_code == 303
    assert [b.get("/teach").status_code for b in browsers] == [403, 403, 403]
    with app.app_context():
        assert db.session.scalar(select(func.count(LoginSession.id))) == 0


def test_password_change_keeps_this_browser_and_ends_the_others(app: Flask, teacher: int) -> None:
    mine, other = app.test_client(), app.test_client()
    log_in(mine, "teacher@example.org")
    log_in(other, "teacher@example.org")
    token = fresh_token(mine, "/account")
    wrong = mine.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current": "nope",
            "password": "a new one here",
            "confirm": "a new one here",
        },
    )
    assert wrong.status_code == 400 and "current password is wrong" in wrong.get_data(as_text=True)
    changed = mine.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current": PASSWORD,
            "password": "a new one here",
            "confirm": "a new one here",
        },
    )
    assert changed.status_code == 303
    assert mine.get("/teach").status_code == 200 and other.get("/teach").status_code == 403
    assert log_in(app.test_client(), "teacher@example.org").status_code == 401
    assert log_in(app.test_client(), "teacher@example.org", "a new one here").status_code == 303


def test_a_csrf_token_from_before_log_in_is_refused_after_it(
    app: Flask, client: FlaskClient, teacher: int
) -> None:
    before = fresh_token(client)
    log_in(client, "teacher@example.org")
    refused = client.post("/logout", data={"csrf_token": before})
    assert refused.status_code == 400 and client.get("/teach").status_code == 200


def test_practising_never_makes_a_log_in_permanent(
    app: Flask, client: FlaskClient, teacher: int
) -> None:
    log_in(client, "teacher@example.org")
    client.post(
        "/articles/pyongyang-tribute/practice",
        data={"csrf_token": fresh_token(client, "/articles/pyongyang-tribute")},
    )
    session_cookie = client.get_cookie("sourcesense")
    assert session_cookie is not None and session_cookie.expires is None  # ends with the browser
    assert client.get_cookie("remember_token") is None


def test_an_old_anonymous_cookie_opens_nothing_once_the_account_took_it_over(
    app: Flask, client: FlaskClient
) -> None:
    play_run(app, client, "kramatorsk-strike-briefing", "verified")
    thief = copy_cookies(client, app)
    thief.set_cookie("sourcesense_learner", client.get_cookie("sourcesense_learner").value)
    page = client.get("/me/signup").get_data(as_text=True)
    signed_up = client.post(
        "/me/signup",
        data={
            "csrf_token": csrf_token(page),
            "login": "newsreader",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert signed_up.status_code == 303
    assert "5 of 8" in client.get("/me").get_data(as_text=True)
    assert "No answers yet" in thief.get("/me").get_data(as_text=True)


def test_deleting_a_teacher_keeps_shared_articles_credited_to_a_former_teacher(
    app: Flask, client: FlaskClient
) -> None:
    from quiz.config import CONTENT_DIR
    from quiz.library import operations as library
    from quiz.library.content_files import read_article

    with app.app_context():
        teacher = make_teacher("gone@example.org", "Ms Gone")
        spec = read_article(CONTENT_DIR / "kramatorsk-strike-briefing")[0]
        shared = library.import_article(teacher, spec)
        library.set_public(shared, True)
        private = library.import_article(teacher, spec)
        slugs = shared.slug, private.slug
        teacher_id = teacher.id
    open_class(app, teacher_id, slugs[0])
    log_in(client, "gone@example.org")
    page = client.get("/account/delete").get_data(as_text=True)
    assert "credited to a former teacher" in page
    done = client.post(
        "/account/delete", data={"csrf_token": csrf_token(page), "password": PASSWORD}
    )
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(User, teacher_id) is None
        assert db.session.scalar(select(func.count(ClassSession.id))) == 0
        kept = db.session.scalar(select(Article).where(Article.slug == slugs[0]))
        assert (
            kept.owner_id is None
            and "former teacher" in kept.licence
            and "Gone" not in kept.licence
        )
        assert db.session.scalar(select(Article).where(Article.slug == slugs[1])) is None


@pytest.mark.parametrize("role", ["teacher", "learner"])
def test_account_page_needs_a_log_in(client: FlaskClient, role: str, app: Flask) -> None:
    assert client.get("/account").status_code == 403
    with app.app_context():
        (make_teacher if role == "teacher" else make_learner_account)("someone@example.org")
    log_in(client, "someone@example.org")
    assert "Log out everywhere" in client.get("/account").get_data(as_text=True)
