"""Writing tables chunk by chunk, atomically.

A sink writes under a temporary name beside the target and renames it into place
only when the whole run succeeded; on any error or interrupt the temporary file
is removed, so an interrupted run never leaves a half-written output.

* ``.csv`` and ``.jsonl`` are appended chunk by chunk;
* ``.parquet`` is written with one row group per chunk; every chunk is cast to
  the schema of the first one, so a chunk whose column happens to be all empty
  keeps the column's type;
* ``.xlsx`` cannot be appended to: chunks are gathered and written at the end
  (the format holds at most 1,048,575 data rows);
* :class:`PartsSink` writes a Parquet *data set*: a folder with one file per
  piece, each written by whoever processed the piece (a Dask worker), and the
  folder renamed into place at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .errors import InputError
from .ingest import write_table

XLSX_MAX_ROWS = 1_048_575
OUTPUT_SUFFIXES = (".csv", ".parquet", ".jsonl", ".xlsx")


class TableSink:
    """Context manager: ``with TableSink(path) as sink: sink.write(chunk)``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in OUTPUT_SUFFIXES:
            raise InputError(f"unsupported output type '{self.suffix}'; use {', '.join(OUTPUT_SUFFIXES)}",
                             path=self.path)
        self.rows = 0
        self._tmp: Path | None = None
        self._handle = None
        self._writer = None
        self._schema = None
        self._held: list[pd.DataFrame] = []

    def __enter__(self):
        if self.path.is_dir():
            raise InputError("is a folder (an earlier '--engine dask' data set?); remove it or write to "
                             "another name", path=self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=f".part{self.suffix}", dir=self.path.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        if self.suffix in (".csv", ".jsonl"):
            self._handle = open(self._tmp, "w", encoding="utf-8", newline="")
        return self

    def write(self, df: pd.DataFrame) -> None:
        if self.suffix == ".csv":
            df.to_csv(self._handle, index=False, header=self.rows == 0)
        elif self.suffix == ".jsonl":
            if len(df):
                df.to_json(self._handle, orient="records", lines=True, force_ascii=False, date_format="iso")
                self._handle.write("\n")
        elif self.suffix == ".parquet":
            self._write_parquet(df)
        else:
            if self.rows + len(df) > XLSX_MAX_ROWS:
                raise InputError(f"more than {XLSX_MAX_ROWS:,} rows do not fit in an .xlsx sheet; "
                                 "write .parquet or .csv instead", path=self.path)
            self._held.append(df)
        self.rows += len(df)

    def _write_parquet(self, df: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            table = pa.Table.from_pandas(df, preserve_index=False)
            self._schema = table.schema
            self._writer = pq.ParquetWriter(self._tmp, self._schema)
        else:
            table = pa.Table.from_pandas(df, schema=self._schema, preserve_index=False)
        self._writer.write_table(table)

    def _close_writers(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __exit__(self, exc_type, exc, tb):
        try:
            self._close_writers()
            if exc_type is None:
                if self.suffix == ".parquet" and self._schema is None:
                    pd.DataFrame().to_parquet(self._tmp, index=False)
                if self.suffix == ".xlsx":
                    held = pd.concat(self._held, ignore_index=True) if self._held else pd.DataFrame()
                    write_table(held, self._tmp)
                os.replace(self._tmp, self.path)
        finally:
            if self._tmp is not None and self._tmp.exists() and exc_type is not None:
                self._tmp.unlink(missing_ok=True)
        return False


class PartsSink:
    """A Parquet data set written piece by piece (``part-00000.parquet``...), renamed into place at the end."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if self.path.suffix.lower() != ".parquet":
            raise InputError("a distributed run writes a Parquet data set: name the output '<name>.parquet'",
                             path=self.path)
        self.tmp: Path | None = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent))
        return self

    def part_path(self, index: int) -> str:
        return str(self.tmp / f"part-{index:05d}.parquet")

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        if self.path.is_dir():
            shutil.rmtree(self.path)
        elif self.path.exists():
            self.path.unlink()
        os.replace(self.tmp, self.path)
        return False


def write_part(df: pd.DataFrame, path: str) -> None:
    """One file of a :class:`PartsSink` data set (written then renamed, so a killed worker leaves no part)."""
    tmp = path + ".tmp"
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)
