"""Writing a report: HTML, JSON, or the driver table as CSV/XLSX, chosen by extension."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import ReportError
from ..ingest import write_table

REPORT_SUFFIXES = (".html", ".json", ".csv", ".xlsx")


def driver_table(report: dict) -> pd.DataFrame:
    """One row per driver, in impact order, with every per-driver figure of the report."""
    kd = {c["driver"]: c for c in report["key_drivers"]["coefficients"]}
    rows = []
    for d in report["driver_stats"]:
        share_ci = d["share_ci"] or [None, None]
        diff_ci = d["difference_ci"] or [None, None]
        k = kd.get(d["driver"], {})
        rows.append({
            "rank": d["rank"],
            "driver": d["driver"],
            "name": d["name"],
            "mentions": d["mentions"],
            "commented_responses": d["base_n"],
            "share": d["share"],
            "share_ci_low": share_ci[0],
            "share_ci_high": share_ci[1],
            "mean_ces_with": d["mean_ces_with"],
            "n_with": d["n_with"],
            "mean_ces_without": d["mean_ces_without"],
            "n_without": d["n_without"],
            "difference": d["difference"],
            "difference_ci_low": diff_ci[0],
            "difference_ci_high": diff_ci[1],
            "share_high_effort": d["share_high_effort"],
            "share_low_effort": d["share_low_effort"],
            "impact_change": d["impact"]["change"],
            "impact_effort_points": d["impact"]["effort_points"],
            "regression_coef": k.get("coef"),
            "relative_importance": k.get("relative_importance"),
            "small_sample": ";".join(name for name, flag in d["small_sample"].items() if flag),
        })
    return pd.DataFrame(rows)


def report_json(report: dict) -> str:
    try:
        return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:  # a NaN slipped through: a bug, not a data problem
        raise ReportError(f"report holds a value JSON cannot represent ({exc})") from exc


def _write_text(text: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_report(report: dict, path: str | Path) -> Path:
    """Write ``report`` by the extension of ``path``: .html, .json, .csv or .xlsx (the driver table).

    Written under a temporary name and renamed at the end, like every output.
    """
    from .html import render_html

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".html":
        return _write_text(render_html(report), p)
    if suffix == ".json":
        return _write_text(report_json(report), p)
    if suffix in (".csv", ".xlsx"):
        return write_table(driver_table(report), p)
    raise ReportError(f"{p}: unsupported report type '{suffix}'; use one of {', '.join(REPORT_SUFFIXES)}")


def check_report_path(path: str | Path) -> Path:
    """Fail early, before any work, on an output type the report cannot be written as."""
    p = Path(path)
    if p.suffix.lower() not in REPORT_SUFFIXES:
        raise ReportError(f"{p}: unsupported report type '{p.suffix}'; use one of {', '.join(REPORT_SUFFIXES)}")
    return p
