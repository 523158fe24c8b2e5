"""The driver report: which effort drivers cost how much effort, from classified survey answers.

Data flow: a classified frame -> :func:`cells_from_frame` (the cell table:
counts of identical rows) -> :func:`merge_cells` (for chunked or distributed
runs) -> :func:`compute_report` (every statistic, from cells only) ->
:func:`render_html` / :func:`driver_table` / :func:`write_report`.
:func:`build_report` does the first and third steps on one frame. The JSON
schema is documented in ``docs/report-schema.md``.
"""

from .build import (BY_CHOICES, build_report, classified_for_report, export_cells, report_drivers,
                    report_from_export, resolve_period)
from .cells import CELL_COLUMNS, CELL_KEYS, cells_from_frame, driver_masks, empty_cells, merge_cells, period_key
from .compute import MIN_N, N_BOOT, SCHEMA_VERSION, compute_report, default_cutoffs
from .html import render_html
from .output import REPORT_SUFFIXES, check_report_path, driver_table, report_json, write_report

__all__ = [
    "BY_CHOICES", "CELL_COLUMNS", "CELL_KEYS", "MIN_N", "N_BOOT", "REPORT_SUFFIXES", "SCHEMA_VERSION",
    "build_report", "cells_from_frame", "export_cells", "report_drivers", "resolve_period", "check_report_path", "classified_for_report", "compute_report",
    "default_cutoffs", "driver_masks", "driver_table", "empty_cells", "merge_cells", "period_key",
    "render_html", "report_from_export", "report_json", "write_report",
]
