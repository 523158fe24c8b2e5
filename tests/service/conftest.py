"""Database fixtures for the storage and API tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from CES_TEST_DATABASE_URL (.ci/run starts a server and sets it); each test module
gets a fresh database, dropped afterwards. Without the variable the PostgreSQL cases are skipped,
except under CI=true, where that is a failure.
"""

from __future__ import annotations

import contextlib
import os
import uuid

import pytest
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from ces_nlp.store import make_engine
from ces_nlp.store.schema import api_keys, responses

API_KEY = "test-key-0123456789"


def _pg_admin_url() -> str:
    url = os.environ.get("CES_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CES_TEST_DATABASE_URL is not set; .ci/run starts PostgreSQL and sets it")
        pytest.skip("CES_TEST_DATABASE_URL not set: PostgreSQL tests skipped")
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'ces.db'}"
        return
    admin_url = make_url(_pg_admin_url())
    name = f"ces_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def engine(db_url):
    from service.db import migrate

    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture()
def clean(engine):
    """An empty database for the test."""
    with engine.begin() as conn:
        conn.execute(delete(responses))
        conn.execute(delete(api_keys))
    return engine


def make_settings(db_url: str, **overrides):
    from service.settings import Settings

    values = dict(database_url=db_url, api_keys=[API_KEY], key_cache_seconds=0.0)
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="module")
def client(db_url, engine, shipped_model):
    from fastapi.testclient import TestClient

    from service.app import create_app

    with TestClient(create_app(make_settings(db_url), model=shipped_model)) as c:
        yield c


@pytest.fixture()
def auth():
    return {"Authorization": f"Bearer {API_KEY}"}


def demo_items(n: int, seed: int = 3, prefix: str = "R") -> list[dict]:
    """``n`` demo survey responses as API items."""
    from ces_nlp.demo import generate_export

    frame = generate_export(n_rows=n, seed=seed)
    return [{"id": f"{prefix}{r.response_id}", "ces": int(r.ces), "text": r.comment, "submitted_at": r.submitted_at,
             "channel": r.channel, "team": r.team} for r in frame.itertuples()]


@contextlib.contextmanager
def running_server(app):
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields the base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
