"""Every teacher-owned object is out of reach of other teachers, students and strangers."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quiz.classroom.models import ClassSession, Participant
from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.labels import Label
from quiz.library import operations as library
from quiz.library.content_files import read_article
from quiz.library.models import Article, ArticleDraft
from tests.factories import (
    class_answer,
    csrf_token,
    join,
    log_in,
    make_teacher,
    open_session,
    statements_of,
    student_browser,
)

# (method, path template) for every URL that acts on a teacher's session.
OWNED_URLS = [
    ("GET", "/teach/sessions/{sid}"),
    ("GET", "/teach/sessions/{sid}?split=1"),
    ("GET", "/teach/sessions/{sid}/manage"),
    ("GET", "/teach/sessions/{sid}/live.json"),
    ("GET", "/teach/sessions/{sid}/screen.json"),
    ("GET", "/teach/sessions/{sid}/qr.svg"),
    ("GET", "/teach/sessions/{sid}/results"),
    ("GET", "/teach/sessions/{sid}/results?true=verified&chosen=speculation"),
    ("GET", "/teach/sessions/{sid}/answers.csv"),
    ("GET", "/teach/sessions/{sid}/students.csv"),
    ("GET", "/teach/sessions/{sid}/delete"),
    ("POST", "/teach/sessions/{sid}/delete"),
    ("POST", "/teach/sessions/{sid}/next"),
    ("POST", "/teach/sessions/{sid}/reveal"),
    ("POST", "/teach/sessions/{sid}/close"),
    ("POST", "/teach/sessions/{sid}/lock"),
    ("POST", "/teach/sessions/{sid}/unlock"),
    ("POST", "/teach/sessions/{sid}/participants/{pid}/remove"),
    ("POST", "/teach/sessions/{sid}/lti/send-grades"),
    ("GET", "/teach/drafts/{did}"),
    ("POST", "/teach/drafts/{did}"),
    ("POST", "/teach/drafts/{did}/discard"),
    ("GET", "/teach/articles/{slug}/export.zip"),
    ("POST", "/teach/articles/{slug}/share"),
    ("POST", "/teach/articles/{slug}/unshare"),
    ("GET", "/teach/articles/{slug}/sessions/new"),
    ("GET", "/teach/articles/{slug}/worksheet"),
]


def test_every_teacher_route_is_in_the_walk(app: Flask) -> None:
    """A new teacher URL must be added to OWNED_URLS (or be one of the teacher's own pages)."""
    placeholders = {
        "{sid}": "<int:session_id>",
        "{pid}": "<int:participant_id>",
        "{did}": "<int:draft_id>",
        "{slug}": "<slug>",
    }
    walked = set()
    for _, path in OWNED_URLS:
        path = path.split("?")[0]
        for placeholder, rule in placeholders.items():
            path = path.replace(placeholder, rule)
        walked.add(path)
    own_pages = {
        "/teach",
        "/teach/articles/new",
        "/teach/articles/import",
        "/teach/articles/import/choice",
    }
    # LTI: the tool's URLs, deep linking (bound to the instructor), the admins' platform pages
    # (tests/test_lti_admin.py walks those).
    own_pages |= {
        "/teach/lti",
        "/teach/lti/deep-link",
        "/teach/lti/platforms",
        "/teach/lti/platforms/<int:platform_id>/delete",
    }
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/teach")}
    assert rules == walked | own_pages


@pytest.fixture
def owned(app: Flask) -> dict:
    """Teacher A's live session with one student who answered, a draft and a private article;
    returns their ids and browsers for A, teacher B and the student."""
    with app.app_context():
        owner = make_teacher("a@example.org", "Teacher A")
        teacher_a = log_in(app.test_client(), owner)
        teacher_b = log_in(app.test_client(), make_teacher("b@example.org", "Teacher B"))
        class_session = open_session(owner)
        student = join(class_session, "Student")
        class_answer(student, statements_of(class_session.article.slug)[0], Label.VERIFIED)
        text = "The NIS said troops moved north on Monday. Analysts fear the war could grow."
        draft = library.create_draft(
            owner, title="Mine", outlet="Me", published=None, source_url=None, text=text
        )
        spec = read_article(CONTENT_DIR / "kramatorsk-strike-briefing")[0]
        return {
            "sid": class_session.id,
            "pid": student.id,
            "code": class_session.code,
            "a": teacher_a,
            "b": teacher_b,
            "student": student_browser(app, student),
            "did": draft.id,
            "slug": library.import_article(owner, spec).slug,
        }


def _walk(client: FlaskClient, owned: dict) -> list[tuple[str, str, int]]:
    token_page = client.get("/join").get_data(as_text=True)
    token = csrf_token(token_page)
    results = []
    for method, template in OWNED_URLS:
        url = template.format(**{k: owned[k] for k in ("sid", "pid", "did", "slug")})
        if method == "GET":
            status = client.get(url).status_code
        else:
            status = client.post(url, data={"csrf_token": token}).status_code
        results.append((method, url, status))
    return results


def _assert_untouched(app: Flask, owned: dict) -> None:
    with app.app_context():
        assert db.session.get(ArticleDraft, owned["did"]) is not None
        mine = db.session.scalar(select(Article).where(Article.slug == owned["slug"]))
        assert mine is not None and mine.public is False
        session = db.session.get(ClassSession, owned["sid"])
        assert session is not None
        assert session.closed_at is None and session.current_index == -1
        assert session.locked is False
        assert (
            db.session.scalar(
                select(func.count(Participant.id)).where(Participant.removed_at.is_(None))
            )
            == 1
        )


def test_other_teacher_gets_404_everywhere(app: Flask, owned: dict) -> None:
    results = _walk(owned["b"], owned)
    assert all(status == 404 for _, _, status in results), results
    _assert_untouched(app, owned)
    home = owned["b"].get("/teach").get_data(as_text=True)
    assert owned["code"] not in home


def test_student_gets_403_everywhere(app: Flask, owned: dict) -> None:
    results = _walk(owned["student"], owned)
    assert all(status == 403 for _, _, status in results), results
    assert owned["student"].get("/teach").status_code == 403
    _assert_untouched(app, owned)


def test_stranger_gets_403_everywhere(app: Flask, owned: dict) -> None:
    results = _walk(app.test_client(), owned)
    assert all(status == 403 for _, _, status in results), results
    _assert_untouched(app, owned)


def test_owner_reaches_every_page(owned: dict) -> None:
    for method, template in OWNED_URLS:
        if method == "GET":
            url = template.format(**{k: owned[k] for k in ("sid", "pid", "did", "slug")})
            assert owned["a"].get(url).status_code == 200, url


def test_students_never_see_other_students_answers(app: Flask, owned: dict) -> None:
    with app.app_context():
        class_session = db.session.get(ClassSession, owned["sid"])
        other = student_browser(app, join(class_session, "Other"))
    page = other.get(f"/play/{owned['code']}").get_data(as_text=True)
    assert "Student" not in page.replace("Students", "")
    screen = other.get(f"/play/{owned['code']}/state.json").json["html"]
    assert "Which kind of statement is this?" in screen  # the other student's own screen
    assert "Student" not in screen.replace("Students", "") and "You chose" not in screen
