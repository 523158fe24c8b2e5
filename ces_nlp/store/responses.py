"""Idempotent storage of classified responses, and the SQL aggregation behind the driver report.

A response is stored once per id. Its *payload hash* (SHA-256 over the canonical JSON of the
fields the client sent) decides what a repeated id means: the same content is a duplicate
(acknowledged, not stored again), a different content a :class:`~ces_nlp.errors.ConflictError`.
A batch is all or nothing: one invalid item or one conflict and nothing of it is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, literal, select
from sqlalchemy.engine import Engine

from ..classify import DRIVER_SEP, classify_texts
from ..errors import ConflictError, InvalidItemsError, ReportError
from ..ingest import CesScale
from ..report.cells import CELL_COLUMNS, PERIODS, period_key
from ..report.compute import compute_report
from .db import backend, storage_errors
from .schema import responses

GROUPS = ("channel", "team", "lang")


@dataclass(frozen=True)
class Response:
    """One survey response as a client sends it. ``submitted_at`` naive = UTC."""

    id: str
    ces: float
    text: str
    submitted_at: dt.datetime
    channel: str | None = None
    team: str | None = None
    lang: str | None = None

    @property
    def utc_time(self) -> dt.datetime:
        t = self.submitted_at
        if isinstance(t, dt.date) and not isinstance(t, dt.datetime):
            t = dt.datetime(t.year, t.month, t.day)
        if t.tzinfo is not None:
            t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return t

    def payload_hash(self) -> str:
        canon = {"id": self.id, "ces": float(self.ces), "text": self.text, "submitted_at": self.utc_time.isoformat(),
                 "channel": self.channel, "team": self.team, "lang": self.lang}
        return hashlib.sha256(json.dumps(canon, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class StoreResult:
    """Per input item, in order: ``{"id", "status": "stored"|"duplicate", "drivers", "language"}``."""

    items: list[dict] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(i["status"] == "stored" for i in self.items)

    @property
    def duplicates(self) -> int:
        return sum(i["status"] == "duplicate" for i in self.items)


def validate(items: list[Response], scale: CesScale) -> None:
    """Raise :class:`InvalidItemsError` naming every item that cannot be stored (no text is quoted)."""
    bad = []
    seen: dict[str, tuple[int, str]] = {}
    lo, hi = scale.min, scale.max
    for i, r in enumerate(items):
        if not isinstance(r.ces, (int, float)) or not math.isfinite(r.ces) or not lo <= r.ces <= hi:
            bad.append({"index": i, "id": r.id, "field": "ces",
                        "reason": f"CES {r.ces} is outside the scale {lo:g}..{hi:g}"})
        if r.id in seen and seen[r.id][1] != r.payload_hash():
            bad.append({"index": i, "id": r.id, "field": "id",
                        "reason": f"id repeated with different content (first at item {seen[r.id][0]})"})
        seen.setdefault(r.id, (i, r.payload_hash()))
    if bad:
        raise InvalidItemsError(bad)


def _existing(conn, ids: list[str]) -> dict[str, tuple[str, str, str]]:
    out = {}
    for k in range(0, len(ids), 500):
        rows = conn.execute(select(responses.c.id, responses.c.payload_hash, responses.c.drivers, responses.c.lang)
                            .where(responses.c.id.in_(ids[k:k + 500])))
        out.update({r.id: (r.payload_hash, r.drivers, r.lang) for r in rows})
    return out


def _insert(engine: Engine):
    if backend(engine) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(responses).on_conflict_do_nothing(index_elements=["id"])


def store_responses(engine: Engine, items: list[Response], model, scale: CesScale) -> StoreResult:
    """Validate, classify and store a batch; every item stored at most once, whatever runs at the same time.

    Raises :class:`InvalidItemsError` (nothing stored), :class:`ConflictError` (an id is known with other
    content; nothing stored) or :class:`~ces_nlp.errors.StorageUnavailableError`.
    """
    validate(items, scale)
    hashes = [r.payload_hash() for r in items]
    unique: dict[str, int] = {}
    for i, r in enumerate(items):
        unique.setdefault(r.id, i)
    with storage_errors():
        with engine.connect() as conn:
            known = _existing(conn, list(unique))
    conflicts = [rid for rid, i in unique.items() if rid in known and known[rid][0] != hashes[i]]
    if conflicts:
        raise ConflictError(conflicts)
    new = [i for rid, i in unique.items() if rid not in known]
    texts = [items[i].text for i in new]
    langs, proba, ind = classify_texts(model, texts) if new else ([], None, None)
    drivers = list(model.drivers)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    times = [items[i].utc_time for i in new]
    weeks = period_key(pd.Series(times, dtype="datetime64[ns]"), "week").tolist() if new else []
    months = period_key(pd.Series(times, dtype="datetime64[ns]"), "month").tolist() if new else []
    rows, outcome = [], {}
    for k, i in enumerate(new):
        r = items[i]
        commented = bool(r.text.strip())
        bits = ind[k] if commented else np.zeros(len(drivers), dtype=int)
        mask = sum(1 << j for j, v in enumerate(bits) if v)
        names = DRIVER_SEP.join(d for d, v in zip(drivers, bits) if v)
        lang = (r.lang or langs[k]) if commented else ""
        t, week, month = times[k], weeks[k], months[k]
        scores = {d: round(float(p), 6) for d, p in zip(drivers, proba[k])} if commented else {}
        rows.append({"id": r.id, "ces": float(r.ces), "text": r.text, "submitted_at": t, "channel": r.channel,
                     "team": r.team, "lang": lang, "commented": commented, "mask": mask, "drivers": names,
                     "scores": scores, "week": week, "month": month, "payload_hash": hashes[i],
                     "model_name": model.name, "model_version": model.version, "stored_at": now})
        outcome[r.id] = ("stored", names, lang)
    if rows:
        with storage_errors():
            with engine.begin() as conn:
                inserted = {row.id for row in conn.execute(_insert(engine).returning(responses.c.id), rows)}
                raced = [row["id"] for row in rows if row["id"] not in inserted]
                if raced:  # stored by a concurrent request since we looked
                    now_known = _existing(conn, raced)
                    clash = [rid for rid in raced if now_known[rid][0] != hashes[unique[rid]]]
                    if clash:
                        raise ConflictError(clash)  # rolls the whole batch back
                    for rid in raced:
                        outcome[rid] = ("duplicate", now_known[rid][1], now_known[rid][2])
    for rid, (h, names, lang) in known.items():
        outcome[rid] = ("duplicate", names, lang)
    result = StoreResult()
    first_seen = set()
    for r in items:
        status, names, lang = outcome[r.id]
        if r.id in first_seen:
            status = "duplicate"
        first_seen.add(r.id)
        result.items.append({"id": r.id, "status": status, "drivers": names.split(DRIVER_SEP) if names else [],
                             "language": lang})
    return result


def _where(start: dt.date | None, end: dt.date | None, channel: str | None, team: str | None):
    c = responses.c
    conds = []
    if start is not None:
        conds.append(c.submitted_at >= dt.datetime(start.year, start.month, start.day))
    if end is not None:
        nxt = end + dt.timedelta(days=1)
        conds.append(c.submitted_at < dt.datetime(nxt.year, nxt.month, nxt.day))
    if channel is not None:
        conds.append(c.channel == channel)
    if team is not None:
        conds.append(c.team == team)
    return and_(True, *conds)


def cell_counts(engine: Engine, *, start: dt.date | None = None, end: dt.date | None = None,
                channel: str | None = None, team: str | None = None, period: str = "month",
                by: str | None = None) -> pd.DataFrame:
    """The report's cell table (``period, group, lang, ces, mask, commented, n``) by one SQL ``GROUP BY``.

    Only the distinct cells leave the database, never the rows. ``by`` is ``channel``, ``team``,
    ``lang`` or ``None`` (group ``""``, as :func:`~ces_nlp.report.cells.cells_from_frame` makes it);
    rows without a channel/team fall in group ``""``.
    """
    if period not in PERIODS:
        raise ReportError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    if by is not None and by not in GROUPS:
        raise ReportError(f"by must be one of {', '.join(GROUPS)} or empty, not {by!r}")
    c = responses.c
    per = c.week if period == "week" else c.month
    grp = func.coalesce(getattr(c, by), "") if by else literal("")
    cols = [per.label("period"), grp.label("group"), c.lang.label("lang"), c.ces.label("ces"),
            c.mask.label("mask"), c.commented.label("commented")]
    q = (select(*cols, func.count().label("n")).where(_where(start, end, channel, team))
         .group_by(*[x for x in (per, grp if by else None, c.lang, c.ces, c.mask, c.commented) if x is not None]))
    with storage_errors():
        with engine.connect() as conn:
            rows = conn.execute(q).all()
    frame = pd.DataFrame(rows, columns=list(CELL_COLUMNS))
    return frame.astype({"period": str, "group": str, "lang": str, "ces": float, "mask": "int64",
                         "commented": bool, "n": "int64"})


def driver_report(engine: Engine, drivers, scale: CesScale, *, start: dt.date | None = None,
                  end: dt.date | None = None, channel: str | None = None, team: str | None = None,
                  period: str = "month", by: str | None = None, seed: int = 0, driver_names=None) -> dict:
    """The same report as ``ces-nlp report``, over the stored responses that pass the filters.

    Raises :class:`ReportError` when no stored response matches.
    """
    cells = cell_counts(engine, start=start, end=end, channel=channel, team=team, period=period, by=by)
    if not len(cells):
        raise ReportError("no stored responses match these filters; widen the period or drop a filter")
    return compute_report(cells, list(drivers), scale, by=by, period=period, seed=seed, source="database",
                          driver_names=driver_names)


def facets(engine: Engine) -> dict:
    """Values the report can be filtered by: channels, teams and the stored date range."""
    c = responses.c
    with storage_errors():
        with engine.connect() as conn:
            channels = [r[0] for r in conn.execute(select(c.channel).where(c.channel.is_not(None))
                                                   .group_by(c.channel).order_by(c.channel))]
            teams = [r[0] for r in conn.execute(select(c.team).where(c.team.is_not(None))
                                                .group_by(c.team).order_by(c.team))]
            lo, hi = conn.execute(select(func.min(c.submitted_at), func.max(c.submitted_at))).one()
    return {"channels": channels, "teams": teams,
            "first": lo.date().isoformat() if lo else None, "last": hi.date().isoformat() if hi else None}


def count_responses(engine: Engine) -> int:
    with storage_errors():
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(responses)).scalar_one()
