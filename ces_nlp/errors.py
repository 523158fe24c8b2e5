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


class ReportError(CesNlpError):
    """A driver report cannot be computed from the given data or settings."""
