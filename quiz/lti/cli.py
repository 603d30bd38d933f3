"""``flask lti``: register LMS platforms, rotate the tool's key, send waiting grades."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from quiz.errors import DomainError
from quiz.lti import grades, keys, platforms

lti_cli = AppGroup("lti", help="LTI 1.3: LMS platforms, the tool's keys, grade return.")


@lti_cli.command("add-platform")
@click.option("--name", default="", help="A name to tell platforms apart.")
@click.option("--issuer", required=True, help="The platform ID (issuer).")
@click.option("--client-id", required=True, help="The client ID the LMS gave SourceSense.")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True,
              help="A deployment ID (repeat for several).")  # fmt: skip
@click.option(
    "--login-url", "auth_login_url", required=True, help="The authentication request (OIDC) URL."
)
@click.option("--token-url", "auth_token_url", required=True, help="The access token URL.")
@click.option("--jwks-url", required=True, help="The platform's public keyset URL.")
@click.option("--frame-origin", default=None, help="The LMS origin allowed to frame launches.")
@click.option("--keep-email", is_flag=True, help="Keep learners' emails the LMS sends.")
def add_platform(**options: object) -> None:
    """Register an LMS platform."""
    options["deployment_ids"] = list(options["deployment_ids"])
    try:
        platform = platforms.add_platform(platforms.PlatformSettings(**options))
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"registered platform {platform.id}: {platform.name}")


@lti_cli.command("list-platforms")
def list_platforms() -> None:
    """List the registered platforms."""
    for p in platforms.all_platforms():
        framed = f" framed by {p.frame_origin}" if p.frame_origin else ""
        deployments = ",".join(p.deployment_ids)
        click.echo(f"{p.id}\t{p.name}\t{p.issuer}\tclient {p.client_id}\t{deployments}{framed}")


@lti_cli.command("remove-platform")
@click.option("--id", "platform_id", type=int, required=True, help="The platform's number.")
def remove_platform(platform_id: int) -> None:
    """Remove a platform (its activities' sessions and results stay)."""
    if not platforms.remove_platform(platform_id):
        raise click.ClickException(f"no platform {platform_id}")
    click.echo(f"removed platform {platform_id}")


@lti_cli.command("rotate-key")
def rotate_key() -> None:
    """Make a new signing key; the previous one stays published, older ones are retired."""
    click.echo(f"the tool now signs with key {keys.rotate().kid}")


@lti_cli.command("retry-grades")
@click.option("--limit", default=500, show_default=True, help="At most this many grades.")
def retry_grades(limit: int) -> None:
    """Send the grades waiting for the LMS whose pause is over (for cron or a systemd timer)."""
    sent, failed = grades.retry_due(limit=limit)
    click.echo(f"sent {sent} grade(s); {failed} failed and wait")
