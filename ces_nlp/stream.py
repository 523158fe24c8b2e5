"""Reading large exports in bounded pieces.

A *piece* is a unit of work: a run of Parquet row groups of one file, or, for
row-oriented formats, the whole file read in chunks. :func:`plan_pieces` splits
an input (a file, or a folder of Parquet files forming one data set) into pieces
that know their first row number, so a rejected row is named by the same row
number whichever engine reads it and in whatever order the pieces finish.

:func:`iter_chunks` yields ``(frame, row_offset)`` chunks of at most about
``chunk_rows`` rows:

* Parquet: row groups, read one piece at a time;
* CSV/TSV: ``pandas.read_csv`` in chunks, after one streaming pass that decides
  the encoding ('auto': UTF-8 with or without BOM, else cp1252) so undecodable
  bytes are reported before any output is written;
* JSONL: lines in chunks;
* XLSX: the whole sheet (the format holds at most about a million rows).

Every chunk holds cells as read (text for CSV/JSONL), exactly like
:func:`ces_nlp.ingest.read_table`, so validation is the same for both paths.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError
from .ingest import (CSV_SUFFIXES, EXCEL_SUFFIXES, JSONL_SUFFIXES, PARQUET_SUFFIXES, SUPPORTED, _sniff_delimiter,
                     read_table)

DEFAULT_CHUNK_ROWS = 50_000
_BLOCK = 1 << 23


@dataclass(frozen=True)
class Piece:
    """Rows ``row_offset + 1 .. row_offset + n_rows`` of the input, from one file."""

    path: str
    index: int
    row_offset: int
    n_rows: int
    row_groups: tuple[int, ...] = ()


def parquet_files(path: str | Path) -> list[Path]:
    """The Parquet files of a data set: the file itself, or every ``*.parquet`` under a folder, sorted."""
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", path=p)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PARQUET_SUFFIXES
                       and not f.name.startswith((".", "_")))
        if not files:
            raise InputError("folder holds no .parquet files", path=p)
        return files
    if p.suffix.lower() not in PARQUET_SUFFIXES:
        raise InputError(f"expected Parquet (a .parquet file or a folder of them), not '{p.suffix}'", path=p)
    return [p]


def is_parquet(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() or p.suffix.lower() in PARQUET_SUFFIXES


def _parquet_file(f: Path):
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(f)
    except Exception as exc:  # pyarrow raises many types for a bad file
        raise InputError(f"not a readable Parquet file ({exc})", path=f) from exc


def plan_pieces(path: str | Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> list[Piece]:
    """Split a Parquet file or data-set folder into pieces of whole row groups, about ``chunk_rows`` each."""
    pieces: list[Piece] = []
    offset = 0
    for f in parquet_files(path):
        meta = _parquet_file(f).metadata
        group: list[int] = []
        rows = 0
        for rg in range(meta.num_row_groups):
            group.append(rg)
            rows += meta.row_group(rg).num_rows
            if rows >= chunk_rows:
                pieces.append(Piece(str(f), len(pieces), offset, rows, tuple(group)))
                offset += rows
                group, rows = [], 0
        if group:
            pieces.append(Piece(str(f), len(pieces), offset, rows, tuple(group)))
            offset += rows
    if not pieces or offset == 0:
        raise InputError("file has no data rows", path=path)
    return pieces


def read_piece(piece: Piece) -> pd.DataFrame:
    """The rows of one Parquet piece, with the same column naming as :func:`read_table`."""
    try:
        df = _parquet_file(Path(piece.path)).read_row_groups(list(piece.row_groups)).to_pandas()
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"cannot read row groups {list(piece.row_groups)} ({exc})", path=piece.path) from exc
    df.columns = [str(c) for c in df.columns]
    return df.reset_index(drop=True)


def count_rows(path: str | Path) -> int | None:
    """Number of data rows when cheap to know (Parquet metadata), an estimate for CSV/JSONL, else None."""
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", path=p)
    if is_parquet(p):
        return sum(pc.n_rows for pc in plan_pieces(p))
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES or suffix in JSONL_SUFFIXES:
        lines = 0
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(_BLOCK), b""):
                lines += block.count(b"\n")
        return max(lines - (1 if suffix in CSV_SUFFIXES else 0), 0)
    return None


def detect_encoding(path: Path, encoding: str = "auto") -> str:
    """The encoding that decodes the whole file, checked in one streaming pass."""
    tries = ["utf-8-sig", "cp1252"] if encoding == "auto" else [encoding]
    last = None
    for enc in tries:
        try:
            decoder = codecs.getincrementaldecoder(enc)()
        except LookupError as exc:
            raise InputError(f"unknown encoding '{encoding}'", path=path) from exc
        pos = 0
        try:
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(_BLOCK), b""):
                    decoder.decode(block)
                    pos += len(block)
                decoder.decode(b"", final=True)
            return enc
        except UnicodeDecodeError as exc:
            last = (pos, exc)
    assert last is not None
    pos, exc = last
    # locate the first bad byte of the last candidate for the message
    with open(path, "rb") as f:
        head = f.read(pos + exc.end)
    at = pos + exc.start
    line = head.count(b"\n", 0, at) + 1
    raise InputError(f"undecodable bytes at byte {at} (line {line}) as {' or '.join(tries)}; "
                     "save the file as UTF-8 or pass --encoding", path=path, row=line - 1 if line > 1 else None)


def _csv_chunks(p: Path, chunk_rows: int, delimiter: str | None, encoding: str) -> Iterator[tuple[pd.DataFrame, int]]:
    enc = detect_encoding(p, encoding)
    with open(p, encoding=enc, newline="") as f:
        head = f.read(65536)
        if not head.strip():
            raise InputError("file is empty", path=p)
        sep = delimiter or ("\t" if p.suffix.lower() == ".tsv" else _sniff_delimiter(head))
        f.seek(0)
        try:
            reader = pd.read_csv(f, sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                                 skip_blank_lines=True, chunksize=chunk_rows)
            offset = 0
            for chunk in reader:
                if not len(chunk):
                    continue
                chunk.columns = [str(c) for c in chunk.columns]
                yield chunk.reset_index(drop=True), offset
                offset += len(chunk)
            if offset == 0:
                raise InputError("file has a header but no data rows", path=p)
        except pd.errors.EmptyDataError as exc:
            raise InputError("file is empty", path=p) from exc
        except pd.errors.ParserError as exc:
            raise InputError(f"malformed CSV ({exc}); check the delimiter (--delimiter) and quoting", path=p) from exc


def _jsonl_chunks(p: Path, chunk_rows: int, encoding: str) -> Iterator[tuple[pd.DataFrame, int]]:
    enc = detect_encoding(p, encoding)
    records: list[dict] = []
    offset = 0
    with open(p, encoding=enc) as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {lineno} is not valid JSON ({exc.msg})", path=p,
                                 row=offset + len(records) + 1) from exc
            if not isinstance(obj, dict):
                raise InputError(f"line {lineno} must be a JSON object", path=p, row=offset + len(records) + 1)
            records.append(obj)
            if len(records) >= chunk_rows:
                yield pd.DataFrame.from_records(records), offset
                offset += len(records)
                records = []
    if records:
        yield pd.DataFrame.from_records(records), offset
        offset += len(records)
    if offset == 0:
        raise InputError("file is empty", path=p)


def iter_chunks(path: str | Path, *, chunk_rows: int = DEFAULT_CHUNK_ROWS, delimiter: str | None = None,
                encoding: str = "auto", sheet=None) -> Iterator[tuple[pd.DataFrame, int]]:
    """``(frame, row_offset)`` chunks of the input in order (see the module docstring)."""
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", path=p)
    if is_parquet(p):
        for piece in plan_pieces(p, chunk_rows):
            yield read_piece(piece), piece.row_offset
        return
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield from _csv_chunks(p, chunk_rows, delimiter, encoding)
    elif suffix in JSONL_SUFFIXES:
        yield from _jsonl_chunks(p, chunk_rows, encoding)
    elif suffix in EXCEL_SUFFIXES:
        yield read_table(p, sheet=sheet), 0
    else:
        raise InputError(f"unsupported file type '{suffix}'; use one of {', '.join(SUPPORTED)}", path=p)
