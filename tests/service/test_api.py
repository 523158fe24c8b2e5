"""The HTTP API with the TestClient, on SQLite and PostgreSQL."""

from __future__ import annotations

import concurrent.futures as cf
import json

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ces_nlp.classify import classify_texts
from ces_nlp.ingest import CesScale
from ces_nlp.report.build import build_report
from ces_nlp.store.keys import add_key, revoke_key
from ces_nlp.store.schema import responses
from service.app import create_app

from .conftest import API_KEY, demo_items, make_settings

SECRET = "my account number is 99-SECRET-42 and I was transferred"


def stored(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(responses)).scalar_one()


# ------------------------------------------------------------------ classify

def test_classify_gives_the_cli_drivers(client, shipped_model):
    texts = [i["text"] for i in demo_items(40, seed=21)] + ["I was transferred three times", "   "]
    r = client.post("/v1/classify", json={"texts": texts})
    assert r.status_code == 200
    body = r.json()
    assert body["model"] == {"name": shipped_model.name, "version": shipped_model.version}
    langs, proba, ind = classify_texts(shipped_model, texts)
    assert len(body["results"]) == len(texts)
    for text, res, lang, p, row in zip(texts, body["results"], langs, proba, ind):
        if text.strip():
            assert res["drivers"] == [d for d, v in zip(shipped_model.drivers, row) if v]
            assert res["language"] == lang
            assert list(res["scores"]) == shipped_model.drivers
            assert [res["scores"][d] for d in shipped_model.drivers] == pytest.approx(list(p), abs=1e-6)
        else:
            assert res == {"drivers": [], "scores": {}, "language": ""}
    assert "transfers" in body["results"][-2]["drivers"]


def test_classify_limits(client):
    assert client.post("/v1/classify", json={"texts": []}).status_code == 422
    assert client.post("/v1/classify", json={"texts": ["ok"] * 1001}).status_code == 422
    assert client.post("/v1/classify", json={"texts": ["x" * 5000]}).status_code == 200
    r = client.post("/v1/classify", json={"texts": [SECRET + "x" * 5000]})
    assert r.status_code == 422 and SECRET not in r.text
    assert r.json()["detail"][0]["loc"] == ["body", "texts", 0]
    r = client.post("/v1/classify", json={"texts": "not a list"})
    assert r.status_code == 422 and "not a list" not in r.text
    r = client.post("/v1/classify", content=b'{"texts": ["a",', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["msg"].startswith("malformed JSON")
    r = client.post("/v1/classify", content=b'{"texts": ["\xff\xfe"]}', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"


def test_oversize_body_is_413(db_url, engine, shipped_model):
    app = create_app(make_settings(db_url, max_body_bytes=2000), model=shipped_model)
    with TestClient(app) as c:
        assert c.post("/v1/classify", json={"texts": ["short"]}).status_code == 200
        r = c.post("/v1/classify", json={"texts": ["y" * 3000]})
        assert r.status_code == 413
        chunks = (b for b in [b'{"texts": ["', b"z" * 2500, b'"]}'])  # no Content-Length: streamed
        r = c.post("/v1/classify", content=chunks, headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_classify_key_setting(db_url, engine, shipped_model):
    app = create_app(make_settings(db_url, classify_requires_key=True), model=shipped_model)
    with TestClient(app) as c:
        assert c.post("/v1/classify", json={"texts": ["hi"]}).status_code == 401
        assert c.post("/v1/classify", json={"texts": ["hi"]}, headers={"Authorization": "Bearer nope"}).status_code == 403
        ok = c.post("/v1/classify", json={"texts": ["hi"]}, headers={"Authorization": f"Bearer {API_KEY}"})
        assert ok.status_code == 200


# ------------------------------------------------------------------ auth

@pytest.mark.parametrize("method,path", [("post", "/v1/responses"), ("get", "/v1/reports/drivers"),
                                         ("get", "/v1/reports/filters")])
def test_keyed_endpoints(client, clean, method, path):
    body = {"json": {"responses": demo_items(1)}} if method == "post" else {}
    r = getattr(client, method)(path, **body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = getattr(client, method)(path, headers={"Authorization": "Bearer wrong-key"}, **body)
    assert r.status_code == 403
    r = getattr(client, method)(path, headers={"Authorization": f"Basic {API_KEY}"}, **body)
    assert r.status_code in (401, 403)
    assert stored(clean) == 0


def test_stored_keys_work_and_can_be_revoked(client, clean):
    key = add_key(clean, "importer")
    h = {"Authorization": f"Bearer {key}"}
    assert client.get("/v1/reports/filters", headers=h).status_code == 200
    revoke_key(clean, "importer")
    assert client.get("/v1/reports/filters", headers=h).status_code == 403


# ------------------------------------------------------------------ responses

def test_post_responses_idempotent(client, clean, auth):
    items = demo_items(50, seed=31)
    r = client.post("/v1/responses", json={"responses": items}, headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["received"], body["stored"], body["duplicates"]) == (50, 50, 0)
    assert [i["id"] for i in body["items"]] == [i["id"] for i in items]
    r2 = client.post("/v1/responses", json={"responses": items[10:30]}, headers=auth)
    assert (r2.json()["stored"], r2.json()["duplicates"]) == (0, 20)
    assert r2.json()["items"] == [dict(i, status="duplicate") for i in body["items"][10:30]]
    assert stored(clean) == 50


def test_conflict_is_409_and_stores_nothing(client, clean, auth):
    items = demo_items(5, seed=32)
    client.post("/v1/responses", json={"responses": items[:2]}, headers=auth)
    changed = dict(items[1], text=SECRET)
    r = client.post("/v1/responses", json={"responses": items[2:] + [changed]}, headers=auth)
    assert r.status_code == 409
    assert r.json()["ids"] == [items[1]["id"]] and SECRET not in r.text
    assert stored(clean) == 2


def test_invalid_items_reject_the_batch(client, clean, auth):
    items = demo_items(6, seed=33)
    items[1] = dict(items[1], ces=0, text=SECRET)
    items[4] = dict(items[4], submitted_at="yesterday", text=SECRET)
    items[5] = dict(items[5], ces="high", text=SECRET)
    r = client.post("/v1/responses", json={"responses": items}, headers=auth)
    assert r.status_code == 422 and SECRET not in r.text
    named = {(p["index"], p["id"]) for p in r.json()["items"]}
    assert {(4, items[4]["id"]), (5, items[5]["id"])} <= named
    r = client.post("/v1/responses", json={"responses": [items[0], items[1]]}, headers=auth)  # CES outside 1..7
    assert r.status_code == 422 and SECRET not in r.text
    assert r.json()["items"] == [{"index": 1, "id": items[1]["id"], "field": "ces",
                                  "reason": "CES 0.0 is outside the scale 1..7"}]
    extra = dict(demo_items(1)[0], mood="sad")
    assert client.post("/v1/responses", json={"responses": [extra]}, headers=auth).status_code == 422
    assert client.post("/v1/responses", json={"responses": []}, headers=auth).status_code == 422
    assert stored(clean) == 0


def test_concurrent_posts_store_each_id_once(client, clean, auth):
    items = demo_items(40, seed=34)

    def post(k):
        part = items[k * 5:] + items[:k * 5]
        return client.post("/v1/responses", json={"responses": part[:25]}, headers=auth)

    with cf.ThreadPoolExecutor(6) as pool:
        results = list(pool.map(post, range(6)))
    assert [r.status_code for r in results] == [200] * 6
    assert sum(r.json()["stored"] for r in results) == 40
    assert stored(clean) == 40


# ------------------------------------------------------------------ report

def test_report_equals_cli_report(client, clean, auth, shipped_model):
    items = demo_items(400, seed=41)
    for k in range(0, 400, 100):
        assert client.post("/v1/responses", json={"responses": items[k:k + 100]}, headers=auth).status_code == 200
    frame = pd.DataFrame(items)
    langs, _, ind = classify_texts(shipped_model, frame["text"].tolist())
    frame["lang"] = langs
    frame["drivers"] = [";".join(d for d, v in zip(shipped_model.drivers, row) if v) for row in ind]
    scale = CesScale(1, 7, "higher_more_effort")
    names = {d.id: d.name for d in shipped_model.taxonomy.drivers}
    for params, by, period in [({}, None, "month"), ({"by": "channel", "period": "week"}, "channel", "week")]:
        r = client.get("/v1/reports/drivers", params=params, headers=auth)
        assert r.status_code == 200, r.text
        expected = build_report(frame, shipped_model.drivers, scale, ces="ces", text="text", lang="lang",
                                dates="submitted_at", by=by, period=period, source="database", driver_names=names)
        assert r.json() == json.loads(json.dumps(expected))
    assert r.json()["overview"]["responses"] == 400


def test_report_filters_change_the_numbers(client, clean, auth):
    items = demo_items(300, seed=42)
    client.post("/v1/responses", json={"responses": items}, headers=auth)
    frame = pd.DataFrame(items)
    whole = client.get("/v1/reports/drivers", headers=auth).json()
    phone = client.get("/v1/reports/drivers", params={"channel": "phone"}, headers=auth).json()
    assert whole["overview"]["responses"] == 300
    assert phone["overview"]["responses"] == int((frame["channel"] == "phone").sum())
    q2 = client.get("/v1/reports/drivers", params={"start": "2025-04-01", "end": "2025-06-30"}, headers=auth).json()
    assert [p["period"] for p in q2["trend"]["periods"]] == ["2025-04", "2025-05", "2025-06"]
    none = client.get("/v1/reports/drivers", params={"team": "nobody"}, headers=auth)
    assert none.status_code == 404
    assert client.get("/v1/reports/drivers", params={"period": "year"}, headers=auth).status_code == 422
    assert client.get("/v1/reports/drivers", params={"start": "soon"}, headers=auth).status_code == 422
    f = client.get("/v1/reports/filters", headers=auth).json()
    assert f["channels"] == sorted(frame["channel"].unique()) and f["teams"] == sorted(frame["team"].unique())


# ------------------------------------------------------------------ model, health, OpenAPI

def test_model_health_ready(client, shipped_model):
    m = client.get("/v1/model").json()
    assert m["name"] == shipped_model.name and m["drivers"] == shipped_model.drivers
    assert m["thresholds"] == pytest.approx(shipped_model.thresholds)
    assert m["metrics"] == shipped_model.metadata.get("metrics", {})
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


def test_openapi_documents_versioned_routes(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ["/v1/classify", "/v1/responses", "/v1/reports/drivers", "/v1/model", "/healthz", "/readyz"]:
        assert p in paths
    assert {"409", "422", "401", "403", "503"} <= set(paths["/v1/responses"]["post"]["responses"])
    assert "/dashboard" not in paths
