"""Platforms' public keys, fetched from their JWKS URL and kept in the process for a while.

A key id the cached set lacks (the platform rotated its keys) fetches the set again, but at
most once every ``REFETCH_AFTER`` seconds, so tokens with made-up key ids cannot make the tool
hammer the platform.
"""

from __future__ import annotations

import time
from typing import Any

import jwt

from quiz.lti.http import PlatformUnavailable, call, json_of
from quiz.lti.models import LtiPlatform

CACHE_SECONDS = 600
REFETCH_AFTER = 10

# jwks_url -> (when fetched, {kid: key})
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def _fetch(url: str) -> dict[str, Any]:
    data = json_of(call("GET", url, headers={"Accept": "application/json"}))
    try:
        key_set = jwt.PyJWKSet.from_dict(data)
    except (jwt.PyJWKSetError, jwt.PyJWKError, TypeError, KeyError, AttributeError) as error:
        raise PlatformUnavailable(f"no usable key in the JWKS at {url}: {error}") from None
    keys = {key.key_id: key.key for key in key_set.keys if key.key_id}
    _cache[url] = (time.monotonic(), keys)
    return keys


def signing_key(platform: LtiPlatform, kid: str | None) -> Any | None:
    """The platform's public key with this key id, or None when its set has none."""
    if not kid:
        return None
    fetched_at, keys = _cache.get(platform.jwks_url, (0.0, {}))
    age = time.monotonic() - fetched_at
    if age > CACHE_SECONDS or (kid not in keys and age > REFETCH_AFTER):
        keys = _fetch(platform.jwks_url)
    return keys.get(kid)


def forget() -> None:
    """Drop every cached key set (tests, and after a platform is removed)."""
    _cache.clear()
