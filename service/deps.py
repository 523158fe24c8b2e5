"""Dependencies shared by the routers: settings, model, database, CES scale, API-key checks."""

from __future__ import annotations

import threading
import time
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine

from ces_nlp.artifact import DriverModel
from ces_nlp.ingest import CesScale
from ces_nlp.store.keys import active_hashes, hash_key, key_matches

from .batcher import Batcher
from .settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_model(request: Request) -> DriverModel:
    return request.app.state.model


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_scale(request: Request) -> CesScale:
    return request.app.state.scale


def get_batcher(request: Request) -> Batcher:
    return request.app.state.batcher


SettingsDep = Annotated[Settings, Depends(get_settings)]
ModelDep = Annotated[DriverModel, Depends(get_model)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ScaleDep = Annotated[CesScale, Depends(get_scale)]
BatcherDep = Annotated[Batcher, Depends(get_batcher)]


class Keyring:
    """Hashes of the accepted keys: those of ``CES_API_KEYS`` plus the stored ones (re-read every few seconds)."""

    def __init__(self, engine: Engine, env_keys: list[str], ttl: float):
        self.engine = engine
        self.env_hashes = [hash_key(k) for k in env_keys]
        self.ttl = ttl
        self._stored: list[str] = []
        self._at = float("-inf")
        self._lock = threading.Lock()

    def hashes(self) -> list[str]:
        with self._lock:
            if time.monotonic() - self._at > self.ttl:
                self._stored = active_hashes(self.engine)
                self._at = time.monotonic()
            return self.env_hashes + self._stored

    def accepts(self, key: str) -> bool:
        return key_matches(key, self.hashes())


bearer = HTTPBearer(auto_error=False, description="An API key from CES_API_KEYS or 'ces-nlp keys add'")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _check(request: Request, creds: HTTPAuthorizationCredentials | None) -> None:
    if creds is None or not creds.credentials:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing API key: send 'Authorization: Bearer KEY'",
                            headers=_CHALLENGE)
    if not request.app.state.keyring.accepts(creds.credentials):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "API key not accepted")


def require_key(request: Request, creds: Credentials) -> None:
    """401 without a key, 403 with one that is not accepted."""
    _check(request, creds)


def classify_key(request: Request, creds: Credentials, settings: SettingsDep) -> None:
    """Like :func:`require_key`, but only when CES_CLASSIFY_REQUIRES_KEY is set."""
    if settings.classify_requires_key:
        _check(request, creds)
