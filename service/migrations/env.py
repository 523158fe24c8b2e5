"""Alembic environment: runs on a connection handed over by :func:`service.db.migrate`, or on
``CES_DATABASE_URL`` when called from the ``alembic`` command."""

from __future__ import annotations

from alembic import context

from ces_nlp.store.db import make_engine
from ces_nlp.store.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from service.settings import Settings

    engine = make_engine(Settings().database_url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
