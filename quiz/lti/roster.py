"""The course roster (LTI Names and Role Provisioning Services 2.0): which learners of the LMS
course have not opened an activity yet, where the platform offers the service."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import select

from quiz.extensions import db
from quiz.lti.claims import LEARNER_ROLES
from quiz.lti.http import PlatformUnavailable, call, json_of
from quiz.lti.models import LtiActivity, LtiLearner
from quiz.lti.services import ROSTER_SCOPE, access_token

log = logging.getLogger(__name__)

MEMBERSHIP_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 20
CACHE_SECONDS = 60  # a teacher reloading the results page does not ask the LMS every time

# memberships URL -> (monotonic seconds when fetched, the course's learners)
_cache: dict[str, tuple[float, list[Member]]] = {}


@dataclass(frozen=True)
class Member:
    """A learner of the LMS course."""

    sub: str
    name: str


def _members_page(data: object) -> list[Member]:
    members = data.get("members") if isinstance(data, dict) else None
    found = []
    for member in members if isinstance(members, list) else []:
        if not isinstance(member, dict) or member.get("status", "Active") != "Active":
            continue
        roles = member.get("roles") if isinstance(member.get("roles"), list) else []
        if member.get("user_id") and LEARNER_ROLES & set(map(str, roles)):
            name = member.get("name") or " ".join(
                str(member.get(part, "")) for part in ("given_name", "family_name")
            )
            found.append(Member(str(member["user_id"]), str(name).strip() or "(no name)"))
    return found


def course_learners(activity: LtiActivity) -> list[Member] | None:
    """The course's active learners, or None when the platform offers no roster or fails."""
    url = activity.course.memberships_url
    if not url:
        return None
    kept = _cache.get(url)
    if kept and time.monotonic() - kept[0] < CACHE_SECONDS:
        return kept[1]
    first, members = url, []
    try:
        token = access_token(activity.platform, ROSTER_SCOPE)
        headers = {"Authorization": f"Bearer {token}", "Accept": MEMBERSHIP_TYPE}
        for _ in range(MAX_PAGES):
            response = call("GET", url, headers=headers)
            members += _members_page(json_of(response))
            url = response.links.get("next", {}).get("url")
            if not url:
                break
    except PlatformUnavailable as error:
        log.warning("LTI roster of course %s unavailable: %s", activity.course_id, error)
        return None
    _cache[first] = (time.monotonic(), members)
    return members


def not_started(activity: LtiActivity) -> list[Member] | None:
    """Learners of the course who have not opened the activity (None: no roster to compare)."""
    learners = course_learners(activity)
    if learners is None:
        return None
    started = set(
        db.session.scalars(select(LtiLearner.sub).where(LtiLearner.activity_id == activity.id))
    )
    return sorted((m for m in learners if m.sub not in started), key=lambda m: m.name.lower())


def forget() -> None:
    """Drop the kept rosters (tests)."""
    _cache.clear()
