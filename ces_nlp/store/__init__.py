"""Storage of classified survey responses (SQLAlchemy 2, SQLite or PostgreSQL).

* :mod:`.schema`: the tables (created by the Alembic migrations shipped in ``service/migrations``);
* :mod:`.db`: engines with the right settings per backend, and database errors turned into
  :class:`~ces_nlp.errors.StorageUnavailableError`;
* :mod:`.responses`: idempotent batch storage and the SQL aggregation behind the driver report;
* :mod:`.keys`: API keys, stored as SHA-256 hashes only.
"""

from .db import make_engine, ping, storage_errors
from .responses import Response, StoreResult, cell_counts, driver_report, facets, store_responses

__all__ = ["make_engine", "ping", "storage_errors", "Response", "StoreResult", "store_responses",
           "cell_counts", "driver_report", "facets"]
