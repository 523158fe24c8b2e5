"""Database set-up for the service: migrations to the newest revision with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

from ces_nlp.store.db import storage_errors

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def alembic_config() -> Config:
    return Config(str(ALEMBIC_INI))


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database of ``engine`` to ``revision`` (creates the tables on a new database)."""
    cfg = alembic_config()
    with storage_errors():
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # one migrator at a time (several workers may start together)
                conn.execute(text("SELECT pg_advisory_xact_lock(7253001)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
