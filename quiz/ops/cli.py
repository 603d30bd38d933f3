"""``flask ops``: back up and restore the SQLite database, purge old class data."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz.ops import backup as backups


@click.group("ops")
def ops_cli() -> None:
    """Operate the app: backups and data retention."""


@ops_cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Copy the SQLite database to TARGET while the app keeps serving."""
    try:
        backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {target}.")


@ops_cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace everything in the database with the backup?")
@with_appcontext
def restore_command(source: Path) -> None:
    """Replace the SQLite database's content with the backup in SOURCE."""
    from quiz.extensions import db

    db.engine.dispose()  # no pooled connection keeps reading the old pages
    try:
        backups.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored from {source}.")


@ops_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1), help="Instead of CLASS_DATA_RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def purge_command(days: int | None, dry_run: bool) -> None:
    """Delete class sessions closed more than CLASS_DATA_RETENTION_DAYS ago, with their
    students and answers. Open sessions are kept, however old."""
    from quiz.classroom.retention import purge_closed_sessions

    days = days or current_app.config.get("CLASS_DATA_RETENTION_DAYS")
    if not days:
        raise click.ClickException("Set CLASS_DATA_RETENTION_DAYS (or give --days).")
    purged = purge_closed_sessions(days, dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(
        f"{verb} {purged.sessions} sessions closed more than {days} days ago, "
        f"{purged.participants} students and {purged.answers} answers."
    )
