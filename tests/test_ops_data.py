"""``flask ops``: SQLite backups and restores, PostgreSQL's pg_dump and pg_restore as the README
says, and purging class data past the retention period."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from quiz import create_app
from quiz.accounts.models import User
from quiz.classroom.models import ClassAnswer, ClassSession, Feedback, Participant
from quiz.config import TestConfig
from quiz.database import utcnow
from quiz.extensions import db
from quiz.labels import Label
from quiz.lti.models import LtiActivity, LtiCourse, LtiPlatform
from quiz.lti.operations import create_activity
from tests.conftest import IN_CI, app_on_copy, make_app, scratch_postgres_url
from tests.factories import (
    article,
    class_answer,
    join,
    make_teacher,
    open_session,
    statements_of,
)

DAY = timedelta(days=1)


def emails(app: Flask) -> set[str]:
    with app.app_context():
        found = set(db.session.scalars(select(User.email)))
        db.session.remove()
        return found


def test_backup_and_restore_round_trip(migrated_sqlite: Path, tmp_path: Path) -> None:
    app = app_on_copy(migrated_sqlite, tmp_path)
    runner = app.test_cli_runner()
    with app.app_context():
        make_teacher("before@example.org")
    backup = tmp_path / "backup.db"
    result = runner.invoke(args=["ops", "backup", str(backup)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        make_teacher("after@example.org")
    assert emails(app) == {"before@example.org", "after@example.org"}

    result = runner.invoke(args=["ops", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert emails(app) == {"before@example.org"}
    with app.app_context():
        db.engine.dispose()


def test_restore_refuses_what_is_not_a_backup(migrated_sqlite: Path, tmp_path: Path) -> None:
    app = app_on_copy(migrated_sqlite, tmp_path)
    (junk := tmp_path / "junk.db").write_text("not a database")
    result = app.test_cli_runner().invoke(args=["ops", "restore", str(junk), "--yes"])
    assert result.exit_code == 1
    assert "is not a SQLite database" in result.output


def test_backup_of_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/x"
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    result = app.test_cli_runner().invoke(args=["ops", "backup", str(tmp_path / "b.db")])
    assert result.exit_code == 1
    assert "use pg_dump and pg_restore" in result.output


def libpq(url: str) -> str:
    """A SQLAlchemy URL as pg_dump and pg_restore take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.mark.postgres
def test_postgresql_backup_steps_of_the_readme(tmp_path: Path) -> None:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        reason = "pg_dump and pg_restore are missing (apt-get install postgresql-client)"
        pytest.fail(reason) if IN_CI else pytest.skip(reason)
    source = make_app(scratch_postgres_url("backup_source"))
    target_url = scratch_postgres_url("backup_target")
    with source.app_context():
        make_teacher("kept@example.org")
        db.engine.dispose()
    dump = tmp_path / "sourcesense.dump"
    source_url = source.config["SQLALCHEMY_DATABASE_URI"]
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", libpq(source_url)], check=True)
    subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={libpq(target_url)}"]
        + [str(dump)],
        check=True,
    )
    target = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": target_url})
    assert emails(target) == {"kept@example.org"}
    for app in (source, target):
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def session_with_answer(teacher: User, nickname: str, **times: object) -> int:
    """A session with one student and one answer; ``times`` set closed_at or closes_at."""
    class_session = open_session(teacher)
    class_answer(
        join(class_session, nickname), statements_of(class_session.article.slug)[0], Label.VERIFIED
    )
    for name, value in times.items():
        setattr(class_session, name, value)
    db.session.commit()
    return class_session.id


def remaining(model: type, ids: list[int]) -> int:
    column = model.id if model is ClassSession else model.session_id
    return db.session.scalar(select(func.count()).where(column.in_(ids)))


def test_purge_deletes_sessions_closed_past_the_retention_and_keeps_the_rest(
    app: Flask, runner: FlaskCliRunner, teacher: int
) -> None:
    now = utcnow()
    with app.app_context():
        owner = db.session.get(User, teacher)
        expired = [
            session_with_answer(owner, "closed", closed_at=now - 40 * DAY),
            session_with_answer(owner, "timed out", closes_at=now - 31 * DAY),
        ]
        kept = [
            session_with_answer(owner, "recent", closed_at=now - 29 * DAY),
            session_with_answer(owner, "open", created_at=now - 400 * DAY),
            session_with_answer(owner, "later", closes_at=now + DAY),
        ]
    app.config["CLASS_DATA_RETENTION_DAYS"] = 30

    dry = runner.invoke(args=["ops", "purge", "--dry-run"])
    assert "Would delete 2 sessions closed more than 30 days ago, 2 students and 2 answers" in (
        dry.output
    )
    result = runner.invoke(args=["ops", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 sessions" in result.output
    with app.app_context():
        for model in (ClassSession, Participant, ClassAnswer):
            assert remaining(model, expired) == 0
            assert remaining(model, kept) == 3


def test_purge_needs_a_retention_period(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["CLASS_DATA_RETENTION_DAYS"] = None
    result = runner.invoke(args=["ops", "purge"])
    assert result.exit_code == 1
    assert "Set CLASS_DATA_RETENTION_DAYS" in result.output


def lms_session(course: LtiCourse, teacher: User, **times: object) -> int:
    """A session of an LMS activity in this course, with one answer (``times`` as above)."""
    activity = create_activity(
        course.platform, course, teacher, article(), feedback=Feedback.END, evidence_step=False
    )
    class_session = activity.class_session
    answer = class_answer(join(class_session, "Kim"), statements_of()[0], Label.VERIFIED)
    if "closed_at" in times:  # answered when it closed
        answered = update(ClassAnswer).where(ClassAnswer.id == answer.id)
        db.session.execute(answered.values(created_at=times["closed_at"]))
    for name, value in times.items():
        setattr(class_session, name, value)
    db.session.commit()
    return class_session.id


def test_purge_keeps_the_sessions_of_an_lms_course_still_in_use(
    app: Flask, runner: FlaskCliRunner, teacher: int
) -> None:
    now = utcnow()
    with app.app_context():
        owner = db.session.get(User, teacher)
        platform = LtiPlatform(
            name="School Moodle",
            issuer="https://moodle.example",
            client_id="c",
            deployment_ids=["1"],
            auth_login_url="https://moodle.example/auth",
            auth_token_url="https://moodle.example/token",
            jwks_url="https://moodle.example/jwks",
        )
        in_use, unused = (
            LtiCourse(platform=platform, context_id=name, title=name) for name in ("a", "b")
        )
        db.session.add_all([in_use, unused])
        kept = [
            lms_session(in_use, owner, closed_at=now - 90 * DAY),
            lms_session(in_use, owner),  # still open: the course is in use
        ]
        expired = [lms_session(unused, owner, closed_at=now - 90 * DAY)]
    app.config["CLASS_DATA_RETENTION_DAYS"] = 30
    assert runner.invoke(args=["ops", "purge"]).exit_code == 0
    with app.app_context():
        assert remaining(ClassSession, expired) == 0 and remaining(ClassSession, kept) == 2
        assert db.session.scalar(select(func.count(LtiActivity.id))) == 2  # went with its session
