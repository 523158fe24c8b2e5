"""API keys: only their SHA-256 hashes are stored; presented keys are compared in constant time.

Keys are random (32 bytes, URL-safe), so a plain SHA-256 is enough to make the stored value useless
to whoever reads the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..errors import ApiKeyError
from .db import storage_errors
from .schema import api_keys

KEY_PREFIX = "ces_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_matches(presented: str, hashes) -> bool:
    """Whether ``presented`` hashes to one of ``hashes``; every candidate is compared, in constant time."""
    h = hash_key(presented).encode()
    found = False
    for candidate in hashes:
        found |= hmac.compare_digest(h, candidate.encode())
    return found


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def add_key(engine: Engine, name: str) -> str:
    """Create a key called ``name``; returns the key itself, which is not stored and cannot be shown again."""
    key = new_key()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    try:
        with storage_errors():
            with engine.begin() as conn:
                conn.execute(api_keys.insert().values(name=name, key_hash=hash_key(key), created_at=now))
    except IntegrityError:
        raise ApiKeyError(f"an API key named '{name}' already exists; pick another name or revoke it first") from None
    return key


def revoke_key(engine: Engine, name: str) -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with storage_errors():
        with engine.begin() as conn:
            res = conn.execute(update(api_keys).where(api_keys.c.name == name, api_keys.c.revoked_at.is_(None))
                               .values(revoked_at=now))
    if res.rowcount == 0:
        raise ApiKeyError(f"no active API key named '{name}'; 'ces-nlp keys list' shows them")


def list_keys(engine: Engine) -> list[dict]:
    with storage_errors():
        with engine.connect() as conn:
            rows = conn.execute(select(api_keys.c.name, api_keys.c.created_at, api_keys.c.revoked_at)
                                .order_by(api_keys.c.id)).all()
    return [{"name": r.name, "created_at": r.created_at.isoformat(timespec="seconds"),
             "revoked_at": r.revoked_at.isoformat(timespec="seconds") if r.revoked_at else None} for r in rows]


def active_hashes(engine: Engine) -> list[str]:
    with storage_errors():
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(select(api_keys.c.key_hash).where(api_keys.c.revoked_at.is_(None)))]
