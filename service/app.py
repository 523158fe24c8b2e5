"""The FastAPI application: ``create_app()`` builds it; the model and database live in its lifespan."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ces_nlp.artifact import load_model
from ces_nlp.ingest import CesScale
from ces_nlp.store import make_engine

from . import errors
from .batcher import Batcher
from .db import migrate
from .deps import Keyring
from .limits import BodySizeLimit
from .routers import classify, dashboard, meta, reports, responses
from .routers.dashboard import STATIC_DIR
from .settings import Settings, get_settings

log = logging.getLogger("service")

DESCRIPTION = """Effort drivers in Customer Effort Score answers.

* `POST /v1/classify`: drivers per text (open unless CES_CLASSIFY_REQUIRES_KEY is set);
* `POST /v1/responses`: classify and store survey responses, idempotent by id;
* `GET /v1/reports/drivers`: the driver report over stored responses;
* `GET /dashboard`: the managers' page.

Stored responses and reports need an API key: `Authorization: Bearer KEY`.
"""


@asynccontextmanager
async def lifespan(app: FastAPI):
    settings: Settings = app.state.settings
    app.state.scale = CesScale(settings.ces_min, settings.ces_max, settings.ces_direction)
    engine = make_engine(settings.database_url)
    if settings.migrate_on_start:
        migrate(engine)
    app.state.engine = engine
    app.state.keyring = Keyring(engine, settings.api_keys, settings.key_cache_seconds)
    model = app.state.preloaded_model or load_model(settings.model_dir)
    batcher = Batcher(model, window_s=settings.batch_window_ms / 1000).start()
    app.state.model, app.state.batcher = model, batcher
    log.info("model %s %s loaded; database %s", model.name, model.version, engine.url.render_as_string(hide_password=True))
    try:
        yield
    finally:
        batcher.stop()
        engine.dispose()
        app.state.model = None


def create_app(settings: Settings | None = None, *, model=None) -> FastAPI:
    """The application for ``settings`` (default: from the ``CES_*`` environment).

    ``model`` (a loaded :class:`~ces_nlp.artifact.DriverModel`) replaces loading CES_MODEL_DIR at start-up.
    """
    settings = settings or get_settings()
    app = FastAPI(title="ces-nlp", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.preloaded_model = model
    app.state.model = None
    errors.install(app)
    for r in (classify.router, responses.router, reports.router, meta.router, dashboard.router):
        app.include_router(r)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


def prepare_database(database_url: str | None = None):
    """An engine on ``database_url`` (default: the configured one), migrated to the newest revision."""
    engine = make_engine(database_url or get_settings().database_url)
    migrate(engine)
    return engine


def prepare() -> str:
    """Migrate the configured database once before workers start; returns a line saying what is served."""
    settings = get_settings()
    engine = prepare_database(settings.database_url)
    where = engine.url.render_as_string(hide_password=True)
    engine.dispose()
    keys = len(settings.api_keys)
    return (f"database {where} ready; model {settings.model_dir or 'shipped'}; {keys} key(s) from CES_API_KEYS"
            + ("; /v1/classify needs a key" if settings.classify_requires_key else ""))
