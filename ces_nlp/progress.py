"""A progress bar for long runs: rows done, rows/s and time left, on stderr.

It shows only on a terminal; when stderr is not a TTY (a pipe, a log file, CI) or
when asked to be quiet, every call is a no-op.
"""

from __future__ import annotations

import sys
import time


class RowProgress:
    """``with RowProgress(total, label) as p: p.advance(n)``; ``total`` may be None when unknown."""

    def __init__(self, total: int | None, label: str = "rows", *, enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = (self.stream.isatty() if enabled is None else enabled)
        self.total = total
        self.label = label
        self.done = 0
        self.started = time.perf_counter()
        self._progress = None
        self._task = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(),
                TextColumn("{task.completed:,.0f}/{task.fields[total_text]} rows"),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=False)
            self._progress.__enter__()
            self._task = self._progress.add_task(self.label, total=self.total, rate="",
                                                 total_text=f"{self.total:,}" if self.total else "?")
        return self

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def advance(self, rows: int) -> None:
        self.done += rows
        if self._progress is not None:
            if self.total is not None and self.done > self.total:  # CSV totals are estimates
                self.total = self.done
                self._progress.update(self._task, total=self.total, total_text=f"~{self.total:,}")
            self._progress.update(self._task, advance=rows, rate=f"{self.rate:,.0f} rows/s")

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.__exit__(*exc)
        return False
