"""Engines per backend and one translation of database failures.

SQLite files run in WAL mode with ``synchronous=FULL`` (a commit is on disk before it is
acknowledged) and a busy timeout, so concurrent writers wait instead of failing.
PostgreSQL connections are checked before use, so a restarted server is picked up again.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..errors import StorageUnavailableError

SQLITE_BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str, *, pool_size: int = 10, connect_timeout: int = 5) -> Engine:
    """An engine for ``url`` (``sqlite:///file.db`` or ``postgresql+psycopg://...``)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(u, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
                               pool_pre_ping=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
            cur = dbapi_conn.cursor()
            if u.database and u.database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.close()

        return engine
    connect_args = {"connect_timeout": connect_timeout} if u.get_backend_name() == "postgresql" else {}
    return create_engine(u, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, pool_timeout=10,
                         connect_args=connect_args)


def is_outage(exc: BaseException) -> bool:
    """Whether a database exception means "cannot reach or use the database now" (not a bug in a query)."""
    if isinstance(exc, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


@contextlib.contextmanager
def storage_errors(what: str = "the database"):
    """Turn connection-level database failures into :class:`StorageUnavailableError`."""
    try:
        yield
    except Exception as exc:
        if is_outage(exc):
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
            raise StorageUnavailableError(f"{what} is unavailable ({reason}); nothing was written, "
                                          "retry when it is back") from exc
        raise


def ping(engine: Engine) -> None:
    """Raise :class:`StorageUnavailableError` unless the database answers and holds the schema."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM responses WHERE 1 = 0"))
    except Exception as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
        raise StorageUnavailableError(f"the database is not usable ({reason}); check CES_DATABASE_URL and "
                                      "that the migrations ran") from exc


def backend(engine: Engine) -> str:
    return engine.url.get_backend_name()
