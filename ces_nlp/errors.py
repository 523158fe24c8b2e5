"""Every error ces-nlp raises on purpose.

Each error names the bad value and says what to do about it. The library only
raises these; the CLI turns them into one readable line and a non-zero exit code,
the service into HTTP responses.
"""

from __future__ import annotations


class CesNlpError(Exception):
    """Base class of all ces-nlp errors."""

    exit_code = 2


class InputError(CesNlpError):
    """A survey export or data file cannot be used as it is.

    ``path``, ``row`` (1-based data row, header not counted) and ``column`` say
    where the problem is, when known.
    """

    def __init__(self, message: str, *, path=None, row: int | None = None, column: str | None = None):
        self.path = str(path) if path is not None else None
        self.row = row
        self.column = column
        self.reason = message
        where = []
        if self.path:
            where.append(self.path)
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class TaxonomyError(CesNlpError):
    """A taxonomy file is missing, malformed or inconsistent."""


class TaxonomyMismatchError(CesNlpError):
    """A model was trained with a different taxonomy than the one requested."""


class ModelNotFoundError(CesNlpError):
    """No model directory where one was expected."""


class ModelIntegrityError(CesNlpError):
    """A model file does not match the checksum recorded in its metadata."""


class TrainingError(CesNlpError):
    """Training data cannot produce a model (too few examples, missing labels...)."""


class InvalidItemsError(CesNlpError):
    """Items of a batch cannot be stored; ``items`` lists ``{"index", "id", "field", "reason"}`` per problem.

    The reasons never quote the submitted text.
    """

    def __init__(self, items: list[dict]):
        self.items = items
        first = items[0]
        super().__init__(f"{len(items)} invalid item(s); first: item {first['index']} (id {first.get('id')!r}), "
                         f"{first['field']}: {first['reason']}; fix them and send the batch again")


class ConflictError(CesNlpError):
    """Stored responses already exist under these ids with a different content."""

    def __init__(self, ids: list[str]):
        self.ids = ids
        shown = ", ".join(map(repr, ids[:10])) + (" ..." if len(ids) > 10 else "")
        super().__init__(f"{len(ids)} id(s) already stored with different content: {shown}; "
                         "responses are immutable, send them under new ids")


class StorageUnavailableError(CesNlpError):
    """The database cannot be reached or refused the operation; nothing was written."""


class ReportError(CesNlpError):
    """A driver report cannot be computed from the given data or settings."""


class ApiKeyError(CesNlpError):
    """An API key name is unknown or already taken."""
