"""Storage: idempotency, all-or-nothing batches, concurrency, the SQL cell table, API keys (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from ces_nlp.classify import classify_texts
from ces_nlp.errors import ApiKeyError, ConflictError, InvalidItemsError
from ces_nlp.ingest import CesScale
from ces_nlp.report.cells import cells_from_frame
from ces_nlp.store import Response, cell_counts, facets, store_responses
from ces_nlp.store.keys import active_hashes, add_key, hash_key, key_matches, list_keys, revoke_key
from ces_nlp.store.responses import count_responses
from ces_nlp.store.schema import api_keys, responses

from .conftest import demo_items

SCALE = CesScale(1, 7, "higher_more_effort")


def as_responses(items):
    return [Response(id=i["id"], ces=i["ces"], text=i["text"], submitted_at=dt.date.fromisoformat(i["submitted_at"]),
                     channel=i["channel"], team=i["team"]) for i in items]


def test_store_is_idempotent_by_id(clean, shipped_model):
    batch = as_responses(demo_items(40))
    first = store_responses(clean, batch, shipped_model, SCALE)
    assert first.stored == 40 and first.duplicates == 0
    again = store_responses(clean, batch[:25], shipped_model, SCALE)
    assert again.stored == 0 and again.duplicates == 25
    assert [i["drivers"] for i in again.items] == [i["drivers"] for i in first.items[:25]]
    assert count_responses(clean) == 40


def test_stored_classification_matches_classify_texts(clean, shipped_model):
    items = demo_items(30, seed=5)
    store_responses(clean, as_responses(items), shipped_model, SCALE)
    langs, proba, ind = classify_texts(shipped_model, [i["text"] for i in items])
    with clean.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(responses))}
    drivers = shipped_model.drivers
    for item, lang, p, bits in zip(items, langs, proba, ind):
        row = rows[item["id"]]
        commented = bool(item["text"].strip())
        assert row.commented == commented
        assert row.lang == (lang if commented else "")
        expected = [d for d, v in zip(drivers, bits) if v] if commented else []
        assert row.drivers == ";".join(expected)
        assert row.mask == sum(1 << j for j, d in enumerate(drivers) if d in expected)
        if commented:
            assert row.scores == pytest.approx({d: float(x) for d, x in zip(drivers, p)}, abs=1e-6)
        assert row.month == item["submitted_at"][:7]
        assert row.model_version == shipped_model.version


def test_conflicting_payload_stores_nothing(clean, shipped_model):
    batch = as_responses(demo_items(10))
    store_responses(clean, batch[:5], shipped_model, SCALE)
    changed = Response(**{**batch[2].__dict__, "ces": 7 if batch[2].ces != 7 else 1})
    with pytest.raises(ConflictError) as err:
        store_responses(clean, batch[5:] + [changed], shipped_model, SCALE)
    assert err.value.ids == [batch[2].id]
    assert count_responses(clean) == 5  # the five new ones of the rejected batch were not stored


def test_invalid_item_rejects_whole_batch(clean, shipped_model):
    batch = as_responses(demo_items(6))
    bad = Response(**{**batch[4].__dict__, "ces": 8})
    with pytest.raises(InvalidItemsError) as err:
        store_responses(clean, batch[:4] + [bad], shipped_model, SCALE)
    assert [(p["index"], p["id"], p["field"]) for p in err.value.items] == [(4, bad.id, "ces")]
    assert bad.text not in str(err.value) or not bad.text.strip()
    assert count_responses(clean) == 0


def test_same_id_twice_in_a_batch(clean, shipped_model):
    r = as_responses(demo_items(1))[0]
    res = store_responses(clean, [r, r], shipped_model, SCALE)
    assert [i["status"] for i in res.items] == ["stored", "duplicate"]
    other = Response(**{**r.__dict__, "id": "X1"})
    clash = Response(**{**other.__dict__, "text": other.text + " and more"})
    with pytest.raises(InvalidItemsError):
        store_responses(clean, [other, clash], shipped_model, SCALE)
    assert count_responses(clean) == 1


def test_concurrent_batches_store_each_id_once(clean, shipped_model):
    batch = as_responses(demo_items(60, seed=9))
    threads, results, errors = [], [], []
    barrier = threading.Barrier(6)

    def post(part):
        barrier.wait()
        try:
            results.append(store_responses(clean, part, shipped_model, SCALE))
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            errors.append(exc)

    for k in range(6):  # overlapping slices: every id is sent by three threads
        part = batch[(k * 10) % 60:] + batch[:(k * 10) % 60]
        threads.append(threading.Thread(target=post, args=(part[:30],)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count_responses(clean) == 60
    assert sum(r.stored for r in results) == 60
    assert sum(r.duplicates for r in results) == 6 * 30 - 60


def test_cell_counts_equal_cells_from_frame(clean, shipped_model):
    items = demo_items(300, seed=11)
    store_responses(clean, as_responses(items), shipped_model, SCALE)
    frame = pd.DataFrame(items)
    langs, _, ind = classify_texts(shipped_model, frame["text"].tolist())
    drivers = shipped_model.drivers
    frame["lang"] = langs
    frame["drivers"] = [";".join(d for d, v in zip(drivers, row) if v) for row in ind]
    has_comment = frame["text"].str.strip().ne("").to_numpy()
    for period, by in [("month", None), ("week", "channel"), ("month", "team"), ("week", "lang")]:
        expected = cells_from_frame(frame, drivers, ces="ces", has_comment=has_comment, lang="lang",
                                    dates="submitted_at", period=period, by=by)
        got = cell_counts(clean, period=period, by=by)
        got = got.sort_values(list(got.columns[:-1]), ignore_index=True)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_cell_counts_filters(clean, shipped_model):
    items = demo_items(200, seed=12)
    store_responses(clean, as_responses(items), shipped_model, SCALE)
    frame = pd.DataFrame(items)
    start, end = dt.date(2025, 3, 1), dt.date(2025, 6, 30)
    day = pd.to_datetime(frame["submitted_at"]).dt.date
    sel = (day >= start) & (day <= end) & (frame["channel"] == "phone")
    got = cell_counts(clean, start=start, end=end, channel="phone")
    assert int(got["n"].sum()) == int(sel.sum()) > 0
    assert set(got["period"]) <= {f"2025-{m:02d}" for m in range(3, 7)}
    team = frame["team"].iloc[0]
    assert int(cell_counts(clean, team=team)["n"].sum()) == int((frame["team"] == team).sum())
    f = facets(clean)
    assert f["channels"] == sorted(frame["channel"].unique())
    assert f["first"] == frame["submitted_at"].min() and f["last"] == frame["submitted_at"].max()


def test_api_keys_store_only_hashes(clean):
    key = add_key(clean, "crm-import")
    with clean.connect() as conn:
        row = conn.execute(select(api_keys)).one()
    assert row.key_hash == hash_key(key) and key not in row.key_hash
    assert key_matches(key, active_hashes(clean))
    assert not key_matches(key + "x", active_hashes(clean))
    with pytest.raises(ApiKeyError):
        add_key(clean, "crm-import")
    assert [k["name"] for k in list_keys(clean)] == ["crm-import"]
    revoke_key(clean, "crm-import")
    assert not key_matches(key, active_hashes(clean))
    with pytest.raises(ApiKeyError):
        revoke_key(clean, "crm-import")
    assert list_keys(clean)[0]["revoked_at"] is not None


def test_timezones_are_stored_as_utc(clean, shipped_model):
    r = Response(id="tz1", ces=3, text="", submitted_at=dt.datetime(2025, 3, 1, 0, 30,
                                                                      tzinfo=dt.timezone(dt.timedelta(hours=2))))
    store_responses(clean, [r], shipped_model, SCALE)
    with clean.connect() as conn:
        row = conn.execute(select(responses.c.submitted_at, responses.c.month)).one()
    assert row.submitted_at == dt.datetime(2025, 2, 28, 22, 30) and row.month == "2025-02"
    assert np.isfinite(r.ces)
