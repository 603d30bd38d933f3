"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from sqlalchemy import inspect

from quiz import create_app
from quiz.config import PROJECT_ROOT, TestConfig
from quiz.extensions import db
from tests.conftest import DATABASES, scratch_postgres_url
from tests.servers import migrate_afresh


@pytest.mark.parametrize("kind", DATABASES)
def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(
    kind: str, tmp_path: Path
) -> None:
    database_url = (
        f"sqlite:///{tmp_path / 'migrations.db'}"
        if kind == "sqlite"
        else scratch_postgres_url("migrations")
    )
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    migrations = str(Path(PROJECT_ROOT) / "migrations")
    with app.app_context():
        migrate_afresh()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        downgrade(directory=migrations, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
