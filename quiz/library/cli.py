"""Command-line tools: ``flask content check`` and ``flask content load``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from quiz.library.content_files import read_library
from quiz.library.operations import ContentInvalid, load_content
from quiz.library.statement_rules import Problem

content_cli = AppGroup("content", help="Check and load the article library in content/.")

FOLDER = click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))


def _folder(folder: Path | None) -> Path:
    return folder or Path(current_app.config["CONTENT_DIR"])


def _report_problems(problems: list[Problem], outcome: str) -> None:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    click.echo(f"{len(problems)} problem(s) found; {outcome}", err=True)


@content_cli.command("check")
@FOLDER
def check(folder: Path | None) -> None:
    """Validate every article folder and report each problem (exit 1 if any)."""
    reading = read_library(_folder(folder))
    if reading.problems:
        _report_problems(reading.problems, "the content is not valid.")
        raise SystemExit(1)
    statements = sum(len(a.statements) for a in reading.articles)
    click.echo(f"ok: {len(reading.articles)} article(s), {statements} statement(s)")


@content_cli.command("load")
@FOLDER
def load(folder: Path | None) -> None:
    """Validate and load the library in one transaction; on any problem, write nothing."""
    try:
        report = load_content(_folder(folder))
    except ContentInvalid as invalid:
        _report_problems(invalid.problems, "nothing was loaded.")
        raise SystemExit(1) from None
    click.echo(
        "loaded: "
        f"articles {report.articles_created} new, {report.articles_updated} updated; "
        f"statements {report.statements_created} new, {report.statements_updated} updated, "
        f"{report.statements_retired} retired, {report.statements_unchanged} unchanged"
    )
