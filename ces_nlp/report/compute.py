"""The driver report, computed from a cell table only.

:func:`compute_report` is the one place where report numbers are made; the
CLI, the service and chunked/distributed runs all feed it a cell table (see
:mod:`ces_nlp.report.cells`). Definitions are documented in
``docs/report-schema.md``.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import ReportError
from ..ingest import CesScale
from .cells import PERIODS, merge_cells, period_range
from .stats import Z95, bootstrap_mean_differences, shapley_r2, weighted_mean, weighted_ols, wilson_interval
from .summary import summary_sentences

SCHEMA_VERSION = "1.0"
MIN_N = 30
N_BOOT = 1000


# ---------------------------------------------------------------- cut-offs

def default_cutoffs(scale: CesScale) -> tuple[float, float]:
    """(high_cutoff, low_cutoff): the two scale values at each end in effort terms.

    On scales with fewer than five whole values, one value at each end.
    """
    values = scale.values
    if len(values) < 2:
        values = [scale.min, scale.max]
    m = 2 if len(values) >= 5 else 1
    if scale.direction == "higher_more_effort":
        return float(values[-m]), float(values[m - 1])
    return float(values[m - 1]), float(values[-m])


class Effort:
    """Which CES answers count as high or low effort on a scale."""

    def __init__(self, scale: CesScale, high_cutoff: float | None, low_cutoff: float | None):
        dh, dl = default_cutoffs(scale)
        self.scale = scale
        self.high = float(dh if high_cutoff is None else high_cutoff)
        self.low = float(dl if low_cutoff is None else low_cutoff)
        for name, v in (("high_cutoff", self.high), ("low_cutoff", self.low)):
            if not scale.min <= v <= scale.max:
                raise ReportError(f"{name} {v:g} is outside the CES scale {scale.min:g}..{scale.max:g}; "
                                  "choose a value on the scale")
        if not scale.to_effort(self.low) < scale.to_effort(self.high):
            more = "above" if self.higher_is_more else "below"
            raise ReportError(f"high_cutoff {self.high:g} must be {more} low_cutoff {self.low:g} on a "
                              f"{scale.direction} scale (high effort = the {'upper' if self.higher_is_more else 'lower'}"
                              " end)")

    @property
    def higher_is_more(self) -> bool:
        return self.scale.direction == "higher_more_effort"

    def is_high(self, ces):
        ces = np.asarray(ces, dtype=float)
        return ces >= self.high if self.higher_is_more else ces <= self.high

    def is_low(self, ces):
        ces = np.asarray(ces, dtype=float)
        return ces <= self.low if self.higher_is_more else ces >= self.low

    def values(self, which: str) -> list[float]:
        vals = [float(v) for v in self.scale.values]
        sel = self.is_high(vals) if which == "high" else self.is_low(vals)
        return [v for v, s in zip(vals, sel) if s]


# ---------------------------------------------------------------- helpers

def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if np.isfinite(x) else None


def _share(k: int, n: int) -> float | None:
    return k / n if n > 0 else None


def _ci(k: int, n: int):
    ci = wilson_interval(k, n, Z95)
    return list(ci) if ci else None


def default_name(driver_id: str) -> str:
    return driver_id.replace("_", " ").capitalize()


class _Cells:
    """Numpy views of a canonical cell table plus the driver indicator matrix."""

    def __init__(self, cells: pd.DataFrame, k: int):
        self.period = cells["period"].to_numpy(dtype=object)
        self.group = cells["group"].to_numpy(dtype=object)
        self.lang = cells["lang"].to_numpy(dtype=object)
        self.ces = cells["ces"].to_numpy(dtype=float)
        self.mask = cells["mask"].to_numpy(dtype=np.int64)
        self.commented = cells["commented"].to_numpy(dtype=bool)
        self.n = cells["n"].to_numpy(dtype=np.int64)
        self.ind = ((self.mask[:, None] >> np.arange(k)[None, :]) & 1).astype(bool)
        self.ind &= self.commented[:, None]

    def block(self, sel: np.ndarray, effort: Effort, drivers: Sequence[str], min_n: int) -> dict:
        """Responses, comments, mean CES, effort shares and driver shares of the selected cells."""
        n = self.n[sel]
        ces = self.ces[sel]
        com = self.commented[sel]
        total = int(n.sum())
        n_com = int(n[com].sum())
        n_high = int(n[effort.is_high(ces)].sum())
        n_low = int(n[effort.is_low(ces)].sum())
        mentions = (n[:, None] * self.ind[sel]).sum(axis=0)
        return {
            "responses": total,
            "with_comment": n_com,
            "mean_ces": _num(weighted_mean(ces, n)),
            "high_effort_share": _share(n_high, total),
            "low_effort_share": _share(n_low, total),
            "mentions": {d: int(mentions[j]) for j, d in enumerate(drivers)},
            "shares": {d: _share(int(mentions[j]), n_com) for j, d in enumerate(drivers)},
            "small_sample": total < min_n,
            "small_sample_comments": n_com < min_n,
        }


# ---------------------------------------------------------------- the report

def compute_report(cells: pd.DataFrame, drivers: Sequence[str], scale: CesScale, *, by: str | None = None,
                   period: str | None = None, high_cutoff: float | None = None, low_cutoff: float | None = None,
                   seed: int = 0, n_boot: int = N_BOOT, rejected: int = 0, source: str | None = None,
                   min_n: int = MIN_N, driver_names: Mapping[str, str] | None = None) -> dict:
    """The driver report as a JSON-serialisable dict (schema: ``docs/report-schema.md``).

    ``cells`` is a cell table (:func:`~ces_nlp.report.cells.cells_from_frame`,
    :func:`~ces_nlp.report.cells.merge_cells` or a SQL ``GROUP BY``); it is
    canonicalised first, so equal cells always give equal numbers. ``by`` and
    ``period`` name the breakdown column and the trend period the cells were
    built with (None: not reported). ``rejected`` is the number of input rows
    rejected at ingestion, reported as such.
    """
    drivers = list(drivers)
    k = len(drivers)
    if k == 0:
        raise ReportError("no drivers: the model or taxonomy must define at least one driver")
    if len(set(drivers)) != k:
        raise ReportError(f"driver ids must be unique, got {', '.join(drivers)}")
    if period is not None and period not in PERIODS:
        raise ReportError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    if n_boot < 1:
        raise ReportError(f"n_boot must be at least 1, not {n_boot}")
    effort = Effort(scale, high_cutoff, low_cutoff)
    cells = merge_cells([cells])
    c = _Cells(cells, k)
    total = int(c.n.sum())
    if total == 0:
        raise ReportError("no responses with a CES to report on"
                          + (f" ({rejected} row(s) were rejected at ingestion; see the rejects file)" if rejected else ""))
    outside = (c.ces < scale.min) | (c.ces > scale.max)
    if outside.any():
        bad = c.ces[outside][0]
        raise ReportError(f"CES value {bad:g} is outside the scale {scale.min:g}..{scale.max:g}; "
                          "such rows must be rejected at ingestion, or the scale options corrected")
    if (c.mask >> k).any():
        raise ReportError(f"driver mask uses more bits than the {k} driver(s) given; build the cells with the "
                          "same driver list")
    names = {d: (driver_names or {}).get(d) or default_name(d) for d in drivers}
    notes: list[str] = []

    everything = np.ones(len(c.n), dtype=bool)
    overall = c.block(everything, effort, drivers, min_n)
    n_com = overall["with_comment"]
    langs = (pd.DataFrame({"lang": c.lang[c.commented], "n": c.n[c.commented]})
             .groupby("lang", sort=True)["n"].sum().sort_values(ascending=False, kind="mergesort"))
    overview = {
        "responses": total,
        "with_comment": n_com,
        "no_comment": total - n_com,
        "rejected": int(rejected),
        "mean_ces": overall["mean_ces"],
        "mean_ces_with_comment": _num(weighted_mean(c.ces[c.commented], c.n[c.commented])),
        "mean_ces_no_comment": _num(weighted_mean(c.ces[~c.commented], c.n[~c.commented])),
        "high_effort": {"n": int(c.n[effort.is_high(c.ces)].sum()), "share": overall["high_effort_share"]},
        "low_effort": {"n": int(c.n[effort.is_low(c.ces)].sum()), "share": overall["low_effort_share"]},
        "languages": [{"lang": lang or "", "n": int(v), "share": v / n_com} for lang, v in langs.items()],
        "small_sample": total < min_n,
    }
    if n_com == 0:
        notes.append("No response has a comment, so no driver can be measured; only the CES overview is reported.")
    elif n_com < min_n:
        notes.append(f"Only {n_com} responses have a comment: driver figures rest on fewer than {min_n} responses.")
    if np.unique(c.ces).size == 1:
        notes.append(f"Every response has the same CES ({c.ces[0]:g}): differences are 0 and the regression "
                     "cannot explain anything.")

    driver_rows = _driver_stats(c, drivers, names, effort, seed, n_boot, min_n)
    for row in driver_rows:
        if row["mentions"] == 0 and n_com > 0:
            notes.append(f"{row['name']} is never mentioned.")

    report = {
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "scale": {"min": float(scale.min), "max": float(scale.max), "direction": scale.direction,
                  "values": [float(v) for v in scale.values],
                  "more_effort": "higher" if effort.higher_is_more else "lower"},
        "settings": {
            "high_cutoff": effort.high, "low_cutoff": effort.low,
            "high_effort_values": effort.values("high"), "low_effort_values": effort.values("low"),
            "by": by, "period": period, "seed": int(seed), "n_boot": int(n_boot), "min_n": int(min_n),
            "confidence": 0.95,
        },
        "drivers": drivers,
        "driver_names": names,
        "overview": overview,
        "driver_stats": driver_rows,
        "frequency_by_ces": _frequency(c, drivers, effort, scale, min_n),
        "key_drivers": _key_drivers(c, drivers, min_n),
        "trend": _trend(c, drivers, effort, period, min_n, notes) if period else None,
        "breakdown": _breakdown(c, drivers, effort, by, min_n) if by else None,
        "notes": notes,
    }
    report["summary"] = summary_sentences(report)
    return report


def _driver_stats(c: _Cells, drivers, names, effort: Effort, seed, n_boot, min_n) -> list[dict]:
    com = c.commented
    n_com = int(c.n[com].sum())
    total = int(c.n.sum())
    mean_all = weighted_mean(c.ces, c.n)
    high = effort.is_high(c.ces) & com
    low = effort.is_low(c.ces) & com
    n_high, n_low = int(c.n[high].sum()), int(c.n[low].sum())

    # bootstrap over the commented responses, collapsed to their distinct (ces, mask): the statistic
    # depends on nothing else, so this is the same row resampling, on a small canonical table
    boot = (pd.DataFrame({"ces": c.ces[com], "mask": c.mask[com], "n": c.n[com]})
            .groupby(["ces", "mask"], sort=True)["n"].sum().reset_index())
    b_ind = ((boot["mask"].to_numpy()[:, None] >> np.arange(len(drivers))[None, :]) & 1).astype(bool)
    intervals = bootstrap_mean_differences(boot["ces"].to_numpy(), b_ind, boot["n"].to_numpy(),
                                           n_boot=n_boot, seed=seed)
    sign = 1.0 if effort.higher_is_more else -1.0
    rows = []
    for j, d in enumerate(drivers):
        w = c.ind[:, j]
        k = int(c.n[w].sum())
        wo = com & ~w
        n_wo = n_com - k
        mean_with = _num(weighted_mean(c.ces[w], c.n[w]))
        mean_without = _num(weighted_mean(c.ces[wo], c.n[wo]))
        diff = mean_with - mean_without if mean_with is not None and mean_without is not None else None
        rest = ~w
        mean_rest = _num(weighted_mean(c.ces[rest], c.n[rest]))
        change = mean_rest - mean_all if mean_rest is not None else None
        k_high = int(c.n[high & w].sum())
        k_low = int(c.n[low & w].sum())
        ci = intervals[j]
        rows.append({
            "driver": d,
            "name": names[d],
            "mentions": k,
            "share": _share(k, n_com),
            "share_ci": _ci(k, n_com),
            "base_n": n_com,
            "mean_ces_with": mean_with,
            "n_with": k,
            "mean_ces_without": mean_without,
            "n_without": n_wo,
            "difference": diff,
            "difference_ci": list(ci) if ci else None,
            "share_high_effort": _share(k_high, n_high),
            "mentions_high_effort": k_high,
            "n_high_effort": n_high,
            "share_low_effort": _share(k_low, n_low),
            "mentions_low_effort": k_low,
            "n_low_effort": n_low,
            "impact": {
                "mean_ces_all": _num(mean_all),
                "mean_ces_without_driver_rows": mean_rest,
                "responses_left": total - k,
                "change": change,
                "effort_points": -sign * change if change is not None else None,
            },
            "small_sample": {
                "share": n_com < min_n,
                "mean_ces_with": k < min_n,
                "mean_ces_without": n_wo < min_n,
                "difference": min(k, n_wo) < min_n,
                "share_high_effort": n_high < min_n,
                "share_low_effort": n_low < min_n,
                "impact": total < min_n,
            },
        })
    order = sorted(range(len(rows)), key=lambda i: (-(rows[i]["impact"]["effort_points"]
                                                      if rows[i]["impact"]["effort_points"] is not None
                                                      else -np.inf), i))
    ranked = [rows[i] for i in order]
    for r, row in enumerate(ranked, start=1):
        row["rank"] = r
    return ranked


def _frequency(c: _Cells, drivers, effort: Effort, scale: CesScale, min_n) -> list[dict]:
    values = sorted(set(float(v) for v in scale.values) | set(np.unique(c.ces).tolist()))
    out = []
    for v in values:
        sel = c.ces == v
        b = c.block(sel, effort, drivers, min_n)
        out.append({
            "ces": v,
            "responses": b["responses"],
            "with_comment": b["with_comment"],
            "high_effort": bool(effort.is_high(v)),
            "low_effort": bool(effort.is_low(v)),
            "mentions": b["mentions"],
            "shares": b["shares"],
            "small_sample": b["small_sample_comments"],
        })
    return out


def _key_drivers(c: _Cells, drivers, min_n) -> dict:
    com = c.commented
    method = ("OLS of CES on the 0/1 driver indicators over commented responses (weighted by cell counts); "
              "importance = Shapley (LMG) share of R²")
    fit = weighted_ols(c.ind[com].astype(float), c.ces[com], c.n[com]) if c.n[com].sum() > 0 else None
    if fit is None:
        return {"method": method, "n": 0, "intercept": None, "r2": None, "small_sample": True,
                "coefficients": [{"driver": d, "coef": None, "std_error": None, "importance": None,
                                  "relative_importance": None} for d in drivers],
                "note": "no commented responses"}
    Sxx, Sxy, Syy = fit["moments"]
    imp = shapley_r2(Sxx, Sxy, Syy, fit["active"], len(drivers))
    r2 = fit["r2"]
    note = None
    if r2 is None:
        note = "CES does not vary among commented responses: nothing to explain"
    elif not fit["active"]:
        note = "no driver varies among commented responses"
    coefs = []
    for j, d in enumerate(drivers):
        share = imp[j] if imp is not None else None
        coefs.append({
            "driver": d,
            "coef": fit["coef"][j],
            "std_error": fit["std_error"][j],
            "importance": share,
            "relative_importance": (share / r2) if share is not None and r2 else None,
        })
    return {"method": method, "n": fit["n"], "intercept": fit["intercept"], "r2": r2,
            "small_sample": fit["n"] < min_n, "coefficients": coefs, "note": note}


def _trend(c: _Cells, drivers, effort, period, min_n, notes) -> dict:
    dated = c.period != ""
    undated = int(c.n[~dated].sum())
    keys = period_range(np.unique(c.period[dated]).tolist(), period)
    rows = []
    for key in keys:
        b = c.block(c.period == key, effort, drivers, min_n)
        rows.append({"period": key, **b})
    empty = [r["period"] for r in rows if r["responses"] == 0]
    if not keys:
        notes.append("No response has a date: no trend can be shown (name the date column).")
    elif empty:
        notes.append(f"No responses in {len(empty)} {period}(s): {', '.join(empty[:6])}"
                     + (" ..." if len(empty) > 6 else "") + ".")
    return {"period": period, "undated": undated, "periods": rows}


def _breakdown(c: _Cells, drivers, effort, by, min_n) -> dict:
    groups = pd.DataFrame({"g": c.group, "n": c.n}).groupby("g", sort=True)["n"].sum()
    order = sorted(groups.index, key=lambda g: (-groups[g], g))
    rows = [{"group": g, **c.block(c.group == g, effort, drivers, min_n)} for g in order]
    return {"by": by, "groups": rows}
