"""``flask users``: manage accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from quiz.accounts import operations
from quiz.errors import DomainError

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-teacher")
@click.option("--name", prompt=True, help="The teacher's name.")
@click.option("--email", prompt=True, help="The email address used to log in.")
@click.password_option(help="At least 10 characters; asked for when not given.")
def create_teacher(name: str, email: str, password: str) -> None:
    """Create a teacher account."""
    try:
        user = operations.create_teacher(name, email, password)
    except operations.EmailTaken:
        raise click.ClickException(f"an account with the email {email!r} exists") from None
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"created teacher {user.email} (id {user.id})")


@users_cli.command("set-password")
@click.option("--email", prompt=True, help="The email (or a learner's nickname) of the account.")
@click.password_option(help="At least 10 characters; asked for when not given.")
def set_password(email: str, password: str) -> None:
    """Set a new password for an account (where the server sends no email); it is logged out
    everywhere."""
    user = operations.find_by_login(email)
    if user is None:
        raise click.ClickException(f"no account logs in with {email!r}")
    try:
        operations.set_password(user, password)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"new password set for {user.email}; every log-in of the account has ended")


@users_cli.command("make-admin")
@click.option("--email", prompt=True, help="The email of a teacher account.")
@click.option("--revoke", is_flag=True, help="Take the right away instead.")
def make_admin(email: str, revoke: bool) -> None:
    """Let a teacher register LMS platforms (LTI) in the app, or take that right away."""
    user = operations.find_by_login(email)
    if user is None or not user.is_teacher:
        raise click.ClickException(f"no teacher account logs in with {email!r}")
    operations.set_admin(user, not revoke)
    click.echo(f"{user.email} is {'no longer ' if revoke else ''}an administrator")
