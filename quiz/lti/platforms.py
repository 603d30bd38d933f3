"""Registering LMS platforms: add, list, find and remove (the command line and admin pages)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from quiz.errors import DomainError, ErrorKind
from quiz.extensions import db
from quiz.lti import keys
from quiz.lti.framing import origin_of
from quiz.lti.models import LTI_ID_LENGTH, LtiPlatform


class PlatformInvalid(DomainError):
    """A platform's settings cannot be used."""

    kind = ErrorKind.INVALID


class PlatformTaken(DomainError):
    """A platform with this issuer and client id is registered already."""


@dataclass(frozen=True)
class PlatformSettings:
    """What registering a platform takes: the values its LTI 1.3 tool registration shows."""

    name: str
    issuer: str
    client_id: str
    deployment_ids: list[str]
    auth_login_url: str
    auth_token_url: str
    jwks_url: str
    frame_origin: str | None = None
    keep_email: bool = False


def http_allowed() -> bool:
    """Whether plain-HTTP platform addresses are accepted (tests on loopback only)."""
    return bool(current_app.config.get("LTI_ALLOW_HTTP"))


def check_url(url: str, what: str) -> str:
    """An https address (http too when LTI_ALLOW_HTTP is set), else PlatformInvalid."""
    parts = urlsplit(url.strip())
    schemes = ("https", "http") if http_allowed() else ("https",)
    if parts.scheme not in schemes or not parts.hostname or parts.fragment:
        raise PlatformInvalid(f"The {what} must be an https:// address.")
    return url.strip()


def check_origin(origin: str) -> str:
    """A web origin (scheme, host and port only), as frame-ancestors takes it."""
    url = check_url(origin, "LMS address for framing")
    parts, checked = urlsplit(url), origin_of(url)
    if checked is None or parts.path not in ("", "/") or parts.query:
        raise PlatformInvalid(
            "The LMS address for framing is its origin only, such as https://moodle.school.example."
        )
    return checked


def _checked(settings: PlatformSettings) -> LtiPlatform:
    for value, what in ((settings.issuer, "issuer"), (settings.client_id, "client ID")):
        if not value.strip() or len(value) > LTI_ID_LENGTH:
            raise PlatformInvalid(f"The {what} is missing or too long.")
    deployments = [d.strip() for d in settings.deployment_ids if d.strip()]
    if not deployments or any(len(d) > LTI_ID_LENGTH for d in deployments):
        raise PlatformInvalid("Give at least one deployment ID.")
    return LtiPlatform(
        name=(settings.name.strip() or settings.issuer.strip())[:100],
        issuer=settings.issuer.strip(),
        client_id=settings.client_id.strip(),
        deployment_ids=list(dict.fromkeys(deployments)),
        auth_login_url=check_url(settings.auth_login_url, "authentication (login) URL"),
        auth_token_url=check_url(settings.auth_token_url, "access token URL"),
        jwks_url=check_url(settings.jwks_url, "public keyset (JWKS) URL"),
        frame_origin=check_origin(settings.frame_origin) if settings.frame_origin else None,
        keep_email=settings.keep_email,
    )


def add_platform(settings: PlatformSettings) -> LtiPlatform:
    """Register a platform; raises PlatformInvalid or PlatformTaken."""
    platform = _checked(settings)
    db.session.add(platform)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PlatformTaken("A platform with this issuer and client ID is registered.") from None
    keys.current_key()  # the tool's first key pair, made once
    return platform


def remove_platform(platform_id: int) -> bool:
    """Remove a platform with everything tied to it (its courses' sessions stay)."""
    removed = db.session.execute(delete(LtiPlatform).where(LtiPlatform.id == platform_id)).rowcount
    db.session.commit()
    return bool(removed)


def all_platforms() -> list[LtiPlatform]:
    """Every registered platform, by name."""
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.name, LtiPlatform.id)))


def find_platform(issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The platform of an issuer and client id (the only one of the issuer when no id)."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        return db.session.scalar(query.where(LtiPlatform.client_id == client_id))
    found = list(db.session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None
