"""GET /v1/reports/drivers (the driver report over stored responses) and /v1/reports/filters."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query

from ces_nlp.store import driver_report, facets

from ..deps import EngineDep, ModelDep, ScaleDep, SettingsDep, require_key
from ..schemas import Facets, Problem

router = APIRouter(prefix="/v1/reports", tags=["reports"], dependencies=[Depends(require_key)],
                   responses={401: {"model": Problem, "description": "no API key"},
                              403: {"model": Problem, "description": "API key not accepted"},
                              503: {"model": Problem, "description": "database unavailable"}})


@router.get("/drivers", response_model=dict[str, Any],
            responses={404: {"model": Problem, "description": "no stored response matches the filters"}})
def drivers_report(
    model: ModelDep, engine: EngineDep, scale: ScaleDep, settings: SettingsDep,
    start: dt.date | None = Query(None, description="First submission day included (YYYY-MM-DD)"),
    end: dt.date | None = Query(None, description="Last submission day included (YYYY-MM-DD)"),
    channel: str | None = Query(None, max_length=64, description="Only this channel"),
    team: str | None = Query(None, max_length=64, description="Only this team"),
    period: Literal["week", "month"] = Query("month", description="Trend period"),
    by: Literal["channel", "team", "lang"] | None = Query(None, description="Breakdown by this column"),
):
    """The same JSON as `ces-nlp report`, computed from the stored responses (aggregated in SQL)."""
    names = {d.id: d.name for d in model.taxonomy.drivers} if hasattr(model.taxonomy, "drivers") else None
    return driver_report(engine, model.drivers, scale, start=start, end=end, channel=channel, team=team,
                         period=period, by=by, seed=settings.report_seed, driver_names=names)


@router.get("/filters", response_model=Facets)
def report_filters(engine: EngineDep):
    """Values to filter the report by: stored channels, teams and the date range."""
    return facets(engine)
