"""The tool's RSA key pairs: made once when first needed (like the secret key), rotatable, and
published as a JSON Web Key Set for platforms to check the tool's signatures.

The newest key signs. Rotating adds a new key and keeps the one before it published, so a
message signed a moment before the rotation still verifies; older keys are retired.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select

from quiz.database import utcnow
from quiz.extensions import db
from quiz.lti.models import LtiKey

KEY_SIZE = 2048
ALGORITHM = "RS256"


def new_private_pem() -> str:
    """A fresh RSA private key as unencrypted PKCS#8 PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@cache
def _private_key(pem: str) -> rsa.RSAPrivateKey:
    """The key object of a PEM text (parsing costs milliseconds; keys change rarely)."""
    return serialization.load_pem_private_key(pem.encode(), password=None)


def public_jwk(pem: str) -> dict[str, Any]:
    """The public half of a key as a JWK, with its RFC 7638 thumbprint as ``kid``."""
    jwk = RSAAlgorithm.to_jwk(_private_key(pem).public_key(), as_dict=True)
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    kid = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return {"kty": "RSA", "e": jwk["e"], "n": jwk["n"], "kid": kid, "alg": ALGORITHM, "use": "sig"}


def _published() -> list[LtiKey]:
    return list(
        db.session.scalars(
            select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc())
        )
    )


def add_key() -> LtiKey:
    """Make a new key pair; it signs from now on (commits)."""
    pem = new_private_pem()
    key = LtiKey(kid=public_jwk(pem)["kid"], private_pem=pem)
    db.session.add(key)
    db.session.commit()
    return key


def current_key() -> LtiKey:
    """The key that signs: the newest, made now if the tool has none yet (it is made when the
    first platform is registered)."""
    published = _published()
    return published[0] if published else add_key()


def rotate() -> LtiKey:
    """A new signing key; the previous one stays published, older ones are retired."""
    previous = _published()
    key = add_key()
    for old in previous[1:]:
        old.retired_at = utcnow()
    db.session.commit()
    return key


def key_set() -> dict[str, list[dict[str, Any]]]:
    """The JWKS of every published key (none before the first platform is registered: the
    first key is made then, so that reading this never writes)."""
    return {"keys": [public_jwk(key.private_pem) for key in _published()]}


def sign(claims: dict[str, Any]) -> str:
    """A JWT of these claims signed with the current key (its ``kid`` in the header)."""
    key = current_key()
    return jwt.encode(
        claims, _private_key(key.private_pem), algorithm=ALGORITHM, headers={"kid": key.kid}
    )
