"""Answers under real concurrency: a gunicorn server with several workers on PostgreSQL."""

from __future__ import annotations

import re
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from quiz.accounts.models import User
from quiz.classroom import operations as classroom
from quiz.classroom.models import ClassAnswer, Feedback, SessionMode
from quiz.config import CONTENT_DIR
from quiz.extensions import db
from quiz.library.models import Article
from quiz.library.operations import load_content
from tests.conftest import make_app, scratch_postgres_url
from tests.factories import make_teacher
from tests.servers import TOKEN, Browser, gunicorn

pytestmark = pytest.mark.postgres

STATEMENT = re.compile(r'name="statement" type="hidden" value="([^"]+)"')


def test_parallel_answers_store_exactly_one_per_student_and_statement() -> None:
    url = scratch_postgres_url("server")
    app = make_app(url)
    with app.app_context():
        load_content(CONTENT_DIR)
        teacher = make_teacher("t@example.org", "T")
        article = db.session.scalar(select(Article).where(Article.slug == "pyongyang-tribute"))
        class_session = classroom.create_session(
            db.session.get(User, teacher.id),
            article,
            [s.key for s in article.active_statements],
            mode=SessionMode.SELF_PACED,
            shuffle=True,
            feedback=Feedback.EACH,
            open_minutes=None,
        )
        code = class_session.code
        db.session.remove()
        db.engine.dispose()

    with gunicorn(url, workers=4, secret_key=secrets.token_hex(16)) as base:
        students = []
        for n in range(12):
            student = Browser(base)
            page = student.get(f"/join/{code}")
            status = student.post(
                f"/join/{code}", {"csrf_token": TOKEN.search(page).group(1), "nickname": f"s{n}"}
            )
            assert status == 303
            students.append(student)

        def hammer(student: Browser) -> list[int]:
            page = student.get(f"/play/{code}")
            data = {
                "csrf_token": TOKEN.search(page).group(1),
                "statement": STATEMENT.search(page).group(1),
            }
            labels = ["verified", "speculation", "intelligence_claim"] * 3
            with ThreadPoolExecutor(max_workers=len(labels)) as pool:
                return list(
                    pool.map(
                        lambda label: student.post(
                            f"/play/{code}/answers", {**data, "label": label}
                        ),
                        labels,
                    )
                )

        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = [s for result in pool.map(hammer, students) for s in result]

    assert set(statuses) == {303}, statuses
    with app.app_context():
        stored = db.session.scalar(select(func.count(ClassAnswer.id)))
        distinct = db.session.scalar(
            select(func.count()).select_from(
                select(ClassAnswer.participant_id, ClassAnswer.statement_id).distinct().subquery()
            )
        )
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    assert stored == distinct == 12
