"""Reading survey exports and writing tables.

``read_export`` turns a CSV/TSV (any delimiter, UTF-8 with or without BOM, or
cp1252), XLSX, Parquet or JSONL file into an :class:`Export`: the accepted rows
with every original column, their comment text and CES, plus a table of rejected
rows with the reason for each. No row is dropped silently: every input row is
either accepted (with a comment, or counted as "no comment" when the text is
empty or whitespace) or listed in ``rejects``.

File-level problems (missing file or column, empty file, undecodable bytes,
malformed CSV/JSONL) raise :class:`~ces_nlp.errors.InputError` naming the file,
row and column. Row-level problems (CES not a number, outside the scale, an
unreadable date) reject the row; with ``on_bad_row="fail"`` the first one raises.
Rows are numbered from 1, header not counted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .errors import InputError

Direction = Literal["higher_more_effort", "higher_easier"]
TEXT_CANDIDATES = ("comment", "comments", "text", "answer", "verbatim", "feedback", "why", "response", "free_text")
CES_CANDIDATES = ("ces", "ces_score", "effort", "effort_score", "score")
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
SUPPORTED = sorted(CSV_SUFFIXES | JSONL_SUFFIXES | EXCEL_SUFFIXES | PARQUET_SUFFIXES)


@dataclass(frozen=True)
class CesScale:
    """The survey's CES scale: its range and which end means more effort."""

    min: float = 1
    max: float = 7
    direction: Direction = "higher_more_effort"

    def __post_init__(self):
        if not self.min < self.max:
            raise InputError(f"CES scale min ({self.min}) must be below max ({self.max})")
        if self.direction not in ("higher_more_effort", "higher_easier"):
            raise InputError(f"CES direction must be 'higher_more_effort' or 'higher_easier', not '{self.direction}'")

    @property
    def values(self) -> list[int]:
        """Every whole value of the scale, in order."""
        return list(range(int(np.ceil(self.min)), int(np.floor(self.max)) + 1))

    def to_effort(self, ces):
        """Map CES onto 0 (least effort) .. 1 (most effort), whatever the direction."""
        x = (np.asarray(ces, dtype=float) - self.min) / (self.max - self.min)
        return x if self.direction == "higher_more_effort" else 1.0 - x


@dataclass(frozen=True)
class Columns:
    """Which input column holds what; ``None`` means: find it by its usual name (text, CES) or not used."""

    text: str | None = None
    ces: str | None = None
    id: str | None = None
    date: str | None = None
    channel: str | None = None
    team: str | None = None


@dataclass
class Export:
    """A validated survey export."""

    path: str
    frame: pd.DataFrame          # accepted rows, all original columns, original order
    text: pd.Series              # comment text per accepted row; "" means no comment
    rows: pd.Series              # 1-based input row number per accepted row
    columns: Columns             # resolved column names
    ces: pd.Series | None = None          # float CES per accepted row
    dates: pd.Series | None = None        # datetime64 per accepted row
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "column", "reason"]))

    @property
    def has_comment(self) -> pd.Series:
        return self.text.str.strip().str.len() > 0

    @property
    def n_input_rows(self) -> int:
        return len(self.frame) + len(self.rejects)

    def summary(self) -> dict:
        with_comment = int(self.has_comment.sum())
        return {"rows": self.n_input_rows, "accepted": len(self.frame), "with_comment": with_comment,
                "no_comment": len(self.frame) - with_comment, "rejected": len(self.rejects)}


# ---------------------------------------------------------------- reading

def read_table(path: str | Path, *, delimiter: str | None = None, encoding: str = "auto",
               sheet: str | int | None = None) -> pd.DataFrame:
    """Read a whole table by its extension, every cell as text where the format allows."""
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", path=p)
    if p.is_dir():
        raise InputError("is a folder, expected a file", path=p)
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        df = _read_csv(p, delimiter=delimiter, encoding=encoding)
    elif suffix in JSONL_SUFFIXES:
        df = _read_jsonl(p, encoding=encoding)
    elif suffix in EXCEL_SUFFIXES:
        df = _read_excel(p, sheet)
    elif suffix in PARQUET_SUFFIXES:
        try:
            df = pd.read_parquet(p)
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise InputError(f"not a readable Parquet file ({exc})", path=p) from exc
    else:
        raise InputError(f"unsupported file type '{suffix}'; use one of {', '.join(SUPPORTED)}", path=p)
    if df.shape[1] == 0:
        raise InputError("file is empty (no header)", path=p)
    if len(df) == 0:
        raise InputError("file has a header but no data rows", path=p)
    df.columns = [str(c) for c in df.columns]
    return df.reset_index(drop=True)


def decode_bytes(raw: bytes, path: Path, encoding: str = "auto") -> str:
    """Decode file bytes: 'auto' tries UTF-8 (BOM or not), then cp1252."""
    tries = ["utf-8-sig", "cp1252"] if encoding == "auto" else [encoding]
    last: UnicodeDecodeError | None = None
    for enc in tries:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError as exc:
            last = exc
        except LookupError as exc:
            raise InputError(f"unknown encoding '{encoding}'", path=path) from exc
    assert last is not None
    line = raw.count(b"\n", 0, last.start) + 1
    row = line - 1 if line > 1 else None
    raise InputError(
        f"undecodable bytes at byte {last.start} (line {line}) as {' or '.join(tries)}; "
        "save the file as UTF-8 or pass --encoding", path=path, row=row)


def _sniff_delimiter(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _read_csv(p: Path, *, delimiter: str | None, encoding: str) -> pd.DataFrame:
    raw = p.read_bytes()
    if not raw.strip():
        raise InputError("file is empty", path=p)
    text = decode_bytes(raw, p, encoding)
    sep = delimiter or ("\t" if p.suffix.lower() == ".tsv" else _sniff_delimiter(text))
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                           na_filter=False, skip_blank_lines=True)
    except pd.errors.EmptyDataError as exc:
        raise InputError("file is empty", path=p) from exc
    except pd.errors.ParserError as exc:
        raise InputError(f"malformed CSV ({exc}); check the delimiter (--delimiter) and quoting", path=p) from exc


def _read_jsonl(p: Path, *, encoding: str) -> pd.DataFrame:
    raw = p.read_bytes()
    if not raw.strip():
        raise InputError("file is empty", path=p)
    text = decode_bytes(raw, p, encoding)
    records = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {lineno} is not valid JSON ({exc.msg})", path=p, row=len(records) + 1) from exc
        if not isinstance(obj, dict):
            raise InputError(f"line {lineno} must be a JSON object", path=p, row=len(records) + 1)
        records.append(obj)
    return pd.DataFrame.from_records(records)


def _read_excel(p: Path, sheet) -> pd.DataFrame:
    try:
        df = pd.read_excel(p, sheet_name=0 if sheet is None else sheet, dtype=object, engine="openpyxl")
    except ValueError as exc:
        raise InputError(f"cannot read sheet ({exc})", path=p) from exc
    except Exception as exc:
        raise InputError(f"not a readable XLSX file ({exc})", path=p) from exc
    return df.dropna(how="all")


# ---------------------------------------------------------------- validating

def resolve_column(df: pd.DataFrame, name: str | None, candidates: tuple[str, ...], path, what: str,
                   required: bool) -> str | None:
    """Find a column by exact or case-insensitive name, or by its usual names when ``name`` is None."""
    by_lower = {c.strip().lower(): c for c in df.columns}
    if name is not None:
        if name in df.columns:
            return name
        if name.strip().lower() in by_lower:
            return by_lower[name.strip().lower()]
        raise InputError(f"{what} column not found; the file has: {', '.join(map(str, df.columns))}",
                         path=path, column=name)
    for cand in candidates:
        if cand in by_lower:
            return by_lower[cand]
    if required:
        raise InputError(f"no {what} column found (looked for {', '.join(candidates)}); "
                         f"name it with the matching --*-col option. The file has: {', '.join(map(str, df.columns))}",
                         path=path)
    return None


def parse_ces(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse CES cells into floats; returns (numbers, reason per cell or "")."""
    s = values.astype("string").fillna("").str.strip().str.replace(",", ".", regex=False)
    num = pd.to_numeric(s, errors="coerce").astype(float)
    reason = pd.Series("", index=values.index, dtype=object)
    reason[s.eq("")] = "CES is missing"
    reason[s.ne("") & num.isna()] = "CES is not a number"
    return num, reason


def validate(df: pd.DataFrame, *, path="<table>", columns: Columns = Columns(), scale: CesScale | None = None,
             require_ces: bool = False, on_bad_row: Literal["reject", "fail"] = "reject",
             row_offset: int = 0) -> Export:
    """Validate an already-read table chunk; ``row_offset`` numbers rows of later chunks."""
    scale = scale or CesScale()
    text_col = resolve_column(df, columns.text, TEXT_CANDIDATES, path, "text", required=True)
    ces_col = resolve_column(df, columns.ces, CES_CANDIDATES, path, "CES", required=require_ces)
    resolved = Columns(
        text=text_col, ces=ces_col,
        id=resolve_column(df, columns.id, (), path, "id", required=False) if columns.id else None,
        date=resolve_column(df, columns.date, (), path, "date", required=False) if columns.date else None,
        channel=resolve_column(df, columns.channel, (), path, "channel", required=False) if columns.channel else None,
        team=resolve_column(df, columns.team, (), path, "team", required=False) if columns.team else None,
    )
    rows = pd.Series(np.arange(1, len(df) + 1) + row_offset, index=df.index)
    bad_reason = pd.Series("", index=df.index, dtype=object)
    bad_column = pd.Series("", index=df.index, dtype=object)

    def mark(mask: pd.Series, reasons, column: str):
        fresh = mask & bad_reason.eq("")
        bad_reason[fresh] = reasons[fresh] if isinstance(reasons, pd.Series) else reasons
        bad_column[fresh] = column

    ces = None
    if ces_col is not None:
        ces, reason = parse_ces(df[ces_col])
        mark(reason.ne(""), reason, ces_col)
        outside = ces.notna() & ((ces < scale.min) | (ces > scale.max))
        mark(outside, f"CES outside the scale {scale.min:g}..{scale.max:g}", ces_col)
    dates = None
    if resolved.date is not None:
        raw_dates = df[resolved.date]
        dates = pd.to_datetime(raw_dates, errors="coerce", format="mixed")
        mark(dates.isna(), "date is missing or not a date", resolved.date)

    bad = bad_reason.ne("")
    if bad.any() and on_bad_row == "fail":
        i = bad.idxmax()
        value = df.at[i, bad_column[i]]
        raise InputError(f"{bad_reason[i]} (value {str(value)[:40]!r})", path=path, row=int(rows[i]),
                         column=bad_column[i])
    rejects = df.loc[bad].copy()
    rejects.insert(0, "reason", bad_reason[bad])
    rejects.insert(0, "column", bad_column[bad])
    rejects.insert(0, "row", rows[bad])
    ok = ~bad
    text = df.loc[ok, text_col].astype("string").fillna("").astype(str)
    return Export(
        path=str(path), frame=df.loc[ok], text=text, rows=rows[ok], columns=resolved,
        ces=ces[ok] if ces is not None else None, dates=dates[ok] if dates is not None else None,
        rejects=rejects.reset_index(drop=True),
    )


def read_export(path: str | Path, *, columns: Columns = Columns(), scale: CesScale | None = None,
                require_ces: bool = False, on_bad_row: Literal["reject", "fail"] = "reject",
                delimiter: str | None = None, encoding: str = "auto", sheet=None) -> Export:
    """Read and validate a survey export (see the module docstring)."""
    df = read_table(path, delimiter=delimiter, encoding=encoding, sheet=sheet)
    return validate(df, path=path, columns=columns, scale=scale, require_ces=require_ces, on_bad_row=on_bad_row)


# ---------------------------------------------------------------- writing

def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table by the extension of ``path`` (.csv, .parquet, .jsonl, .xlsx).

    The file is written under a temporary name beside the target and renamed at
    the end, so an interrupted run never leaves a half-written file.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    writers = {
        ".csv": lambda df, f: df.to_csv(f, index=False),
        ".parquet": lambda df, f: df.to_parquet(f, index=False),
        ".jsonl": lambda df, f: df.to_json(f, orient="records", lines=True, force_ascii=False, date_format="iso"),
        ".xlsx": lambda df, f: df.to_excel(f, index=False, engine="openpyxl"),
    }
    if suffix not in writers:
        raise InputError(f"unsupported output type '{suffix}'; use .csv, .parquet, .jsonl or .xlsx", path=p)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.stem}.", suffix=f".part{suffix}", dir=p.parent)
    os.close(fd)
    try:
        writers[suffix](df, tmp)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def rejects_path(output: str | Path) -> Path:
    """Where the rejects of a run writing ``output`` go: ``<stem>.rejects.csv`` beside it."""
    p = Path(output)
    return p.with_name(p.stem + ".rejects.csv")
