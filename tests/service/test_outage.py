"""A database outage: writes answer 503, /readyz fails, and what was acknowledged before is still there."""

from __future__ import annotations

import contextlib
import os

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.app import create_app

from .conftest import demo_items, make_settings


@contextlib.contextmanager
def outage(db_url: str, engine):
    """Make the database unreachable for the app's engine, then bring it back."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        folder = os.path.dirname(url.database)
        os.rename(folder, folder + ".away")
        engine.dispose()
        try:
            yield
        finally:
            os.rename(folder + ".away", folder)
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{url.database}" WITH ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                     {"d": url.database})
    try:
        yield
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{url.database}" WITH ALLOW_CONNECTIONS true'))
        admin.dispose()


def test_outage_gives_503_and_keeps_acknowledged_data(db_url, engine, clean, shipped_model, tmp_path):
    if make_url(db_url).get_backend_name() == "sqlite":  # a database of its own, in a folder that can vanish
        (tmp_path / "data").mkdir()
        db_url = f"sqlite:///{tmp_path / 'data' / 'ces.db'}"
    app = create_app(make_settings(db_url), model=shipped_model)
    auth = {"Authorization": "Bearer test-key-0123456789"}
    items = demo_items(30, seed=51)
    with TestClient(app) as c:
        assert c.post("/v1/responses", json={"responses": items[:20]}, headers=auth).status_code == 200
        with outage(db_url, app.state.engine):
            r = c.post("/v1/responses", json={"responses": items[20:]}, headers=auth)
            assert r.status_code == 503 and r.headers["retry-after"]
            ready = c.get("/readyz")
            assert ready.status_code == 503 and ready.json()["database"] == "unavailable"
            assert c.get("/healthz").status_code == 200
            assert c.post("/v1/classify", json={"texts": ["still classifying"]}).status_code == 200
        assert c.get("/readyz").status_code == 200
        again = c.post("/v1/responses", json={"responses": items}, headers=auth).json()
        assert (again["stored"], again["duplicates"]) == (10, 20)
        assert c.get("/v1/reports/drivers", headers=auth).json()["overview"]["responses"] == 30
