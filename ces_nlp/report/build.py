"""From a classified frame (or a validated export) to the report dict."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from ..errors import ReportError
from ..ingest import CesScale, Export, resolve_column
from .cells import cells_from_frame
from .compute import compute_report

BY_CHOICES = ("channel", "team", "lang")


def build_report(frame: pd.DataFrame, drivers: Sequence[str], scale: CesScale, *, ces="ces", has_comment=None,
                 text: str | None = None, drivers_col: str = "drivers", lang="lang", dates=None, by=None,
                 by_name: str | None = None, period: str | None = None, **options) -> dict:
    """cells_from_frame + compute_report on one classified frame.

    ``ces``, ``has_comment``, ``lang``, ``dates`` and ``by`` are column names or
    aligned arrays; without ``has_comment`` a row is commented when ``text``
    (a column name) is not blank, or else when its ``lang`` is not empty.
    ``options`` go to :func:`~ces_nlp.report.compute.compute_report`.
    """
    if has_comment is None:
        if text is not None:
            has_comment = frame[text].astype("string").fillna("").str.strip().str.len().gt(0).to_numpy()
        elif isinstance(lang, str) and lang in frame.columns:
            has_comment = frame[lang].fillna("").astype(str).ne("").to_numpy()
        else:
            raise ReportError("cannot tell which responses have a comment: give has_comment, text or lang")
    if isinstance(lang, str) and lang not in frame.columns:
        lang = None
    if period is not None and dates is None:
        raise ReportError(f"a trend per {period} needs submission dates: name the date column (--date-col)")
    cells = cells_from_frame(frame, drivers, ces=ces, has_comment=has_comment, drivers_col=drivers_col,
                             lang=lang, dates=dates if period else None, period=period or "month", by=by)
    if by is not None and by_name is None:
        by_name = by if isinstance(by, str) else "group"
    return compute_report(cells, drivers, scale, by=by_name if by is not None else None, period=period, **options)


def resolve_period(export: Export, period: str | None) -> str | None:
    """The trend period: as asked, ``month`` when the export has dates and none was asked, else None."""
    if period is None and export.dates is not None:
        return "month"
    if period is not None and export.dates is None:
        raise ReportError(f"a trend per {period} needs submission dates: name the date column with --date-col")
    return period


def export_cells(export: Export, classified: pd.DataFrame, drivers: Sequence[str], *, by: str | None = None,
                 period: str | None = None) -> pd.DataFrame:
    """The cell table of a validated export (or one chunk of it) whose rows ``classified`` carries ``lang``
    and ``drivers``. ``period`` is the resolved trend period (:func:`resolve_period`)."""
    if export.ces is None:
        raise ReportError("the export has no CES column: name it with --ces-col")
    if len(classified) != len(export.frame):
        raise ReportError(f"classified table has {len(classified)} rows for {len(export.frame)} accepted rows")
    if by is not None and by not in BY_CHOICES:
        raise ReportError(f"--by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    by_values = None
    if by == "lang":
        by_values = classified["lang"].to_numpy() if "lang" in classified.columns else None
        if by_values is None:
            raise ReportError("--by lang needs a lang column: classify the export first")
    elif by is not None:
        named = getattr(export.columns, by)
        col = named or resolve_column(classified, None, (by,), export.path, by, required=False)
        if col is None:
            raise ReportError(f"--by {by}: the export has no '{by}' column; name it with --{by}-col")
        by_values = classified[col].to_numpy()
    dates = export.dates.to_numpy() if export.dates is not None and period is not None else None
    lang = "lang" if "lang" in classified.columns else None
    return cells_from_frame(classified, drivers, ces=export.ces.to_numpy(), has_comment=export.has_comment.to_numpy(),
                            lang=lang, dates=dates, period=period or "month", by=by_values)


def report_from_export(export: Export, classified: pd.DataFrame, drivers: Sequence[str], scale: CesScale, *,
                       by: str | None = None, period: str | None = None, source: str | None = None,
                       **options) -> dict:
    """The report of a validated export whose rows ``classified`` carries ``lang`` and ``drivers``.

    ``by`` is ``channel``, ``team`` (the columns named at ingestion, or the
    columns of that name) or ``lang``. ``period`` defaults to ``month`` when the
    export has dates, else no trend.
    """
    period = resolve_period(export, period)
    cells = export_cells(export, classified, drivers, by=by, period=period)
    return compute_report(cells, drivers, scale, by=by, period=period, rejected=len(export.rejects),
                          source=source if source is not None else export.path, **options)


def report_drivers(columns, *, model=None, taxonomy=None):
    """(model to classify with or None, driver ids, driver names) for an input with these columns.

    An input with a ``drivers`` column is the output of ``classify`` and is used
    as is; its drivers are those of ``taxonomy`` when given, else of its
    ``score_<driver>`` columns, else of ``model`` when given, else of the shipped
    taxonomy. Otherwise ``model`` (a directory; None = the shipped model) is
    loaded to label it. ``taxonomy`` is a :class:`~ces_nlp.taxonomy.Taxonomy` or None.
    """
    from ..artifact import load_model
    from ..taxonomy import load_taxonomy

    columns = [str(c) for c in columns]
    if "drivers" in columns:
        if taxonomy is not None:
            return None, taxonomy.ids, {d.id: d.name for d in taxonomy.drivers}
        scored = [c[len("score_"):] for c in columns if c.startswith("score_")]
        if model is not None and not scored:
            mdl = load_model(model)
            return None, list(mdl.drivers), {d.id: d.name for d in mdl.taxonomy.drivers}
        shipped = load_taxonomy()
        names = {d.id: d.name for d in shipped.drivers}
        drivers = scored or shipped.ids
        return None, drivers, {d: names[d] for d in drivers if d in names}
    mdl = load_model(model, taxonomy=taxonomy)
    return mdl, list(mdl.drivers), {d.id: d.name for d in mdl.taxonomy.drivers}


def classified_for_report(export: Export, *, model=None, taxonomy=None) -> tuple[pd.DataFrame, list[str], dict]:
    """(classified rows, driver ids, driver names) for an export, classifying it only when needed
    (see :func:`report_drivers`)."""
    from ..classify import classify_export

    mdl, drivers, names = report_drivers(export.frame.columns, model=model, taxonomy=taxonomy)
    if mdl is None:
        return export.frame, drivers, names
    return classify_export(mdl, export), drivers, names
