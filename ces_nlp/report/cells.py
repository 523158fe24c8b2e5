"""The cell table: a classified survey reduced to counts of identical rows.

A *cell* is one distinct combination of

=============  ==========================================================
``period``     str, the period key of the submission date ("" when none)
``group``      str, the value of the breakdown column ("" when none)
``lang``       str, the detected language ("" when there is no comment)
``ces``        float, the CES answer
``mask``       int64, bit ``j`` set when ``drivers[j]`` is mentioned
``commented``  bool, the response has a non-blank comment
``n``          int64, how many responses fall in the cell
=============  ==========================================================

Every statistic of the report is computed from this table alone, so a
chunked run, a distributed run and a SQL ``GROUP BY`` produce the same input
and therefore the same numbers. Rows without a CES never enter it (ingestion
rejects them).
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import ReportError

CELL_KEYS = ("period", "group", "lang", "ces", "mask", "commented")
CELL_COLUMNS = CELL_KEYS + ("n",)
PERIODS = ("month", "week")
DRIVER_SEP = ";"


def empty_cells() -> pd.DataFrame:
    """A cell table with no rows and the canonical dtypes."""
    return _typed(pd.DataFrame({c: [] for c in CELL_COLUMNS}))


def _typed(cells: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "period": cells["period"].astype(str).to_numpy(dtype=object),
        "group": cells["group"].astype(str).to_numpy(dtype=object),
        "lang": cells["lang"].astype(str).to_numpy(dtype=object),
        "ces": cells["ces"].to_numpy(dtype=float),
        "mask": cells["mask"].to_numpy(dtype=np.int64),
        "commented": cells["commented"].to_numpy(dtype=bool),
        "n": cells["n"].to_numpy(dtype=np.int64),
    })
    return out


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise ReportError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


def period_key(dates, period: str = "month") -> pd.Series:
    """Period key per date: ``"YYYY-MM"`` for month, ISO week ``"YYYY-Www"`` for week; "" for a missing date.

    The unique days are formatted once and mapped back, so this is fast on
    millions of rows.
    """
    _check_period(period)
    s = pd.Series(dates) if not isinstance(dates, pd.Series) else dates
    idx = s.index
    d = pd.to_datetime(s, errors="coerce")
    if getattr(d.dt, "tz", None) is not None:
        d = d.dt.tz_localize(None)
    days = d.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    codes, uniques = pd.factorize(days, use_na_sentinel=True)
    labels = np.array([_format_day(u, period) for u in uniques] + [""], dtype=object)
    return pd.Series(labels[codes], index=idx, dtype=object, name="period")


def _format_day(day, period: str) -> str:
    if pd.isna(day):
        return ""
    t = pd.Timestamp(day)
    if period == "month":
        return f"{t.year:04d}-{t.month:02d}"
    year, week, _ = t.isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_start(key: str, period: str) -> _dt.date:
    """First day of the period a key names (inverse of :func:`period_key`)."""
    _check_period(period)
    try:
        if period == "month":
            y, m = key.split("-")
            return _dt.date(int(y), int(m), 1)
        y, w = key.split("-W")
        return _dt.date.fromisocalendar(int(y), int(w), 1)
    except (ValueError, AttributeError) as exc:
        raise ReportError(f"period key {key!r} is not a {period} key "
                          f"({'YYYY-MM' if period == 'month' else 'YYYY-Www'})") from exc


def period_range(keys: Iterable[str], period: str) -> list[str]:
    """Every period key from the earliest to the latest of ``keys``, gaps included."""
    starts = sorted({period_start(k, period) for k in keys if k})
    if not starts:
        return []
    out, day = [], starts[0]
    step = _dt.timedelta(days=7)
    while day <= starts[-1]:
        out.append(_format_day(np.datetime64(day), period))
        if period == "week":
            day = day + step
        else:
            day = _dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def driver_masks(values, drivers: Sequence[str]) -> np.ndarray:
    """Bit mask per drivers string (``"a;b"``); unique strings are parsed once.

    Raises :class:`ReportError` naming a driver id that is not in ``drivers``.
    """
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    bit = {d: 1 << j for j, d in enumerate(drivers)}
    masks = np.zeros(len(uniques) + 1, dtype=np.int64)
    for i, u in enumerate(uniques):
        m = 0
        for part in str(u).split(DRIVER_SEP):
            part = part.strip()
            if not part:
                continue
            if part not in bit:
                raise ReportError(f"driver {part!r} in the drivers column is not one of the model's drivers "
                                  f"({', '.join(drivers)}); pass the --model or --taxonomy that produced the file")
            m |= bit[part]
        masks[i] = m
    return masks[codes]  # NaN (code -1) -> last slot, mask 0


def _aligned(x, n: int, name: str):
    """A Series (index dropped) or 1-d array of length n; no copy or type conversion otherwise."""
    if isinstance(x, (pd.Series, pd.Index)):
        if len(x) != n:
            raise ReportError(f"{name} has {len(x)} values for {n} rows")
        return x.reset_index(drop=True) if isinstance(x, pd.Series) else x
    arr = np.asarray(x)
    if arr.shape != (n,):
        raise ReportError(f"{name} has {arr.shape[0] if arr.ndim else 1} values for {n} rows")
    return arr


def _factor(x, clean=None) -> tuple[np.ndarray, np.ndarray, int]:
    """(codes, labels, code of "") with labels as str; missing values get the code of "", and labels that
    clean to the same str share a code."""
    codes, uniques = pd.factorize(x, use_na_sentinel=True)
    labels = [str(u) for u in uniques]
    if clean is not None:
        labels = [clean(u) for u in labels]
    labels.append("")
    # merge labels that became equal ("phone" and " phone"), so keys stay distinct
    relabel, merged = pd.factorize(np.array(labels, dtype=object))
    codes = relabel[np.asarray(codes, dtype=np.int64) % len(labels)]
    merged = np.asarray(merged, dtype=object)
    empty = int(relabel[-1])  # the code of ""
    return codes.astype(np.int64), merged, empty


def cells_from_frame(frame: pd.DataFrame, drivers: Sequence[str], *, ces, has_comment,
                     drivers_col: str = "drivers", lang=None, dates=None, period: str = "month",
                     by=None) -> pd.DataFrame:
    """Reduce a classified frame to its cell table (see the module docstring).

    ``ces`` (floats), ``has_comment`` (bools), ``lang``, ``dates`` and ``by`` are
    column names of ``frame`` or arrays aligned with it. Rows with a missing CES
    are left out (ingestion counts them as rejects). The result is canonically
    sorted. Every text column is factorised once; strings are never split row
    by row.
    """
    _check_period(period)
    n = len(frame)

    def col(x, name):
        if x is None:
            return None
        if isinstance(x, str):
            if x not in frame.columns:
                raise ReportError(f"column {x!r} not found for {name}; the table has: {', '.join(map(str, frame.columns))}")
            return frame[x]
        return _aligned(x, n, name)

    if drivers_col not in frame.columns:
        raise ReportError(f"no {drivers_col!r} column: classify the export first or let the report classify it")
    ces_v = pd.to_numeric(col(ces, "ces"), errors="coerce")
    ces_v = np.asarray(ces_v, dtype=float)
    commented = np.asarray(col(has_comment, "has_comment"), dtype=bool)
    mask = driver_masks(frame[drivers_col], drivers)
    mask = np.where(commented, mask, 0)

    def factor(x, clean=None, blank=None):
        if x is None:
            return np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
        codes, labels, empty = _factor(x, clean)
        if blank is not None:
            codes = np.where(blank, empty, codes)
        return codes, labels

    dates_v = col(dates, "dates")
    period_v = period_key(dates_v if isinstance(dates_v, pd.Series) else pd.Series(dates_v), period).to_numpy() \
        if dates_v is not None else None
    parts = [factor(period_v), factor(col(by, "by"), clean=str.strip),
             factor(col(lang, "lang"), clean=str.strip, blank=~commented)]
    keep = ~np.isnan(ces_v)
    ces_codes, ces_uniques = pd.factorize(ces_v)  # NaN -> -1, dropped by `keep`
    mask_codes, mask_uniques = pd.factorize(mask)
    parts.append((ces_codes.astype(np.int64), ces_uniques))
    parts.append((mask_codes.astype(np.int64), mask_uniques))
    parts.append((commented.astype(np.int64), np.array([False, True])))

    radices = [max(len(u), 1) for _, u in parts]
    total = int(np.prod(radices, dtype=object))
    code = np.zeros(n, dtype=np.int64)
    if total < 2**62:
        for c, r in zip([p[0] for p in parts], radices):
            code = code * r + c
        code = code[keep]
        if total <= max(4 * n, 1 << 20):
            counts = np.bincount(code, minlength=total)
            present = np.flatnonzero(counts)
            counts = counts[present]
        else:
            present, counts = np.unique(code, return_counts=True)
        digits = []
        rest = present
        for r in reversed(radices):
            digits.append(rest % r)
            rest = rest // r
        digits.reverse()
    else:  # pragma: no cover - needs an absurd number of distinct values
        keys = pd.DataFrame({i: p[0][keep] for i, p in enumerate(parts)})
        g = keys.groupby(list(keys.columns), sort=False).size()
        digits = [g.index.get_level_values(i).to_numpy() for i in range(len(parts))]
        counts = g.to_numpy()
    cells = pd.DataFrame({
        name: labels[d] if len(labels) else np.array([], dtype=object)
        for name, (d, (_, labels)) in zip(CELL_KEYS, zip(digits, parts))
    })
    cells["n"] = counts
    return _canonical(_typed(cells))


def _canonical(cells: pd.DataFrame) -> pd.DataFrame:
    return cells.sort_values(list(CELL_KEYS), kind="mergesort", ignore_index=True)


def merge_cells(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Sum the counts of several cell tables over the same keys, canonically sorted.

    Chunked or distributed runs merge their partial tables with this, so the
    statistics always see the same input.
    """
    frames = [t for t in tables if t is not None and len(t)]
    if not frames:
        return empty_cells()
    for t in frames:
        missing = [c for c in CELL_COLUMNS if c not in t.columns]
        if missing:
            raise ReportError(f"cell table lacks column(s) {', '.join(missing)}; "
                              f"expected {', '.join(CELL_COLUMNS)}")
    both = _typed(pd.concat([t[list(CELL_COLUMNS)] for t in frames], ignore_index=True))
    merged = both.groupby(list(CELL_KEYS), sort=True, dropna=False)["n"].sum().reset_index()
    merged = merged[merged["n"] > 0]
    return _canonical(_typed(merged))
