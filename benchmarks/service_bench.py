"""Load benchmark of the HTTP service on loopback.

Starts ``ces-nlp serve`` (unless --url is given), then measures:

* classify-one: POST /v1/classify with one demo text per request, with wrk (latency p50/p99 at
  --c-latency clients, requests/s at --c-throughput clients);
* classify-batch: POST /v1/classify with 100 texts, one client, p50/p99;
* responses: POST /v1/responses, batches of 500 new demo responses from 4 clients, responses/s;
* report: GET /v1/reports/drivers after bulk-loading --report-rows synthetic classified rows
  straight into the database (PostgreSQL recommended), median of 5 runs.

Usage:
    python benchmarks/service_bench.py [--database-url URL] [--workers 2] [--only classify,responses,report]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

KEY = "bench-" + uuid.uuid4().hex


def demo_texts(n=2000, seed=7):
    from ces_nlp.demo import generate_export

    f = generate_export(n_rows=n, seed=seed)
    return [t for t in f["comment"] if t.strip()]


def spawn(args):
    env = dict(os.environ, CES_DATABASE_URL=args.database_url, CES_API_KEYS=KEY)
    cmd = [sys.executable, "-m", "ces_nlp.cli", "serve", "--port", str(args.port), "--workers", str(args.workers),
           "--no-access-log"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{args.port}"
    for _ in range(240):
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not become ready: " + proc.stderr.read().decode()[-2000:])


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def wrk(url, texts, clients, seconds):
    lua = "texts = {" + ",".join(json.dumps(json.dumps({"texts": [t]})) for t in texts[:1000]) + "}\n" + (
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\ni = 0\n'
        "request = function()\n  i = i % #texts + 1\n  return wrk.format(nil, nil, nil, texts[i])\nend\n"
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("P50 %f\\nP99 %f\\nRPS %f\\nERR %d\\n", latency:percentile(50)/1000, '
        "latency:percentile(99)/1000, summary.requests/(summary.duration/1e6), "
        "summary.errors.status + summary.errors.connect + summary.errors.timeout))\nend\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", f.name, f"{url}/v1/classify"],
                         capture_output=True, text=True, check=True).stdout
    vals = dict(re.findall(r"^(P50|P99|RPS|ERR) ([\d.]+)$", out, re.M))
    return {"clients": clients, "p50_ms": round(float(vals["P50"]), 2), "p99_ms": round(float(vals["P99"]), 2),
            "requests_per_s": round(float(vals["RPS"])), "errors": int(float(vals["ERR"]))}


def classify_batch(url, texts, n=60):
    lat = []
    with httpx.Client(timeout=30) as c:
        for k in range(n + 5):
            body = {"texts": [texts[(k * 100 + j) % len(texts)] for j in range(100)]}
            t = time.perf_counter()
            c.post(f"{url}/v1/classify", json=body).raise_for_status()
            if k >= 5:
                lat.append((time.perf_counter() - t) * 1000)
    return {"texts": 100, "requests": n, "p50_ms": round(pct(lat, 50), 1), "p99_ms": round(pct(lat, 99), 1)}


def responses(url, n_batches=24, size=500, clients=4):
    from ces_nlp.demo import generate_export

    frame = generate_export(n_rows=n_batches * size, seed=99)
    run = uuid.uuid4().hex[:8]
    items = [{"id": f"{run}-{r.response_id}", "ces": int(r.ces), "text": r.comment, "submitted_at": r.submitted_at,
              "channel": r.channel, "team": r.team} for r in frame.itertuples()]
    batches = [items[k:k + size] for k in range(0, len(items), size)]
    lock, stored = threading.Lock(), [0]

    def worker(mine):
        with httpx.Client(timeout=120, headers={"Authorization": f"Bearer {KEY}"}) as c:
            for b in mine:
                r = c.post(f"{url}/v1/responses", json={"responses": b})
                r.raise_for_status()
                with lock:
                    stored[0] += r.json()["stored"]

    threads = [threading.Thread(target=worker, args=(batches[i::clients],)) for i in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    secs = time.perf_counter() - t
    return {"responses": stored[0], "batch": size, "clients": clients, "seconds": round(secs, 2),
            "responses_per_s": round(stored[0] / secs)}


def load_rows(database_url, rows):
    """Bulk-load ``rows`` synthetic classified responses (demo texts classified once, then repeated)."""
    import numpy as np
    import pandas as pd
    from sqlalchemy import func, select

    from ces_nlp.artifact import load_model
    from ces_nlp.classify import classify_texts
    from ces_nlp.demo import generate_export
    from ces_nlp.store import make_engine
    from ces_nlp.store.schema import responses as table
    from service.db import migrate

    engine = make_engine(database_url)
    migrate(engine)
    with engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(table)).scalar_one()
    if have >= rows:
        return have
    model = load_model()
    base = generate_export(n_rows=20000, seed=5)
    langs, proba, ind = classify_texts(model, base["comment"].tolist())
    masks = (ind * (1 << np.arange(ind.shape[1]))).sum(axis=1)
    names = [";".join(d for d, v in zip(model.drivers, r) if v) for r in ind]
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    chunk = 50_000
    for start in range(have, rows, chunk):
        idx = rng.integers(0, len(base), size=min(chunk, rows - start))
        days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730, size=len(idx)), unit="D")
        out = []
        for k, (i, day) in enumerate(zip(idx, days)):
            com = bool(base["comment"].iat[i].strip())
            out.append({"id": f"L{start + k:08d}", "ces": float(base["ces"].iat[i]), "text": base["comment"].iat[i],
                        "submitted_at": day.to_pydatetime(), "channel": base["channel"].iat[i],
                        "team": base["team"].iat[i], "lang": langs[i] if com else "", "commented": com,
                        "mask": int(masks[i]) if com else 0, "drivers": names[i] if com else "", "scores": {},
                        "week": f"{day.isocalendar()[0]:04d}-W{day.isocalendar()[1]:02d}",
                        "month": f"{day.year:04d}-{day.month:02d}", "payload_hash": "0" * 64,
                        "model_name": model.name, "model_version": model.version, "stored_at": dt.datetime.now()})
        with engine.begin() as conn:
            conn.execute(table.insert(), out)
        print(f"  loaded {start + len(idx):,} rows ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    with engine.connect() as conn:
        if engine.url.get_backend_name() == "postgresql":
            conn.exec_driver_sql("ANALYZE responses")
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def report(url, runs=5, **params):
    times = []
    with httpx.Client(timeout=120, headers={"Authorization": f"Bearer {KEY}"}) as c:
        for _ in range(runs):
            t = time.perf_counter()
            r = c.get(f"{url}/v1/reports/drivers", params=params)
            r.raise_for_status()
            times.append(time.perf_counter() - t)
    return {"params": params, "responses": r.json()["overview"]["responses"], "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file in a temp folder")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--c-latency", type=int, default=10)
    ap.add_argument("--c-throughput", type=int, default=50)
    ap.add_argument("--report-rows", type=int, default=1_000_000)
    ap.add_argument("--only", default="classify,responses,report")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ces-bench-")
    args.database_url = args.database_url or f"sqlite:///{tmp}/bench.db"
    only = set(args.only.split(","))
    results = {"database": args.database_url.split("@")[-1], "workers": args.workers, "cpus": os.cpu_count()}
    if "report" in only:
        print(f"loading {args.report_rows:,} rows ...", file=sys.stderr)
        results["rows_loaded"] = load_rows(args.database_url, args.report_rows)
    proc, url = spawn(args)
    try:
        if "classify" in only:
            texts = demo_texts()
            if shutil.which("wrk"):
                wrk(url, texts, 10, 3)  # warm-up
                results["classify_one_latency"] = wrk(url, texts, args.c_latency, args.seconds)
                results["classify_one_throughput"] = wrk(url, texts, args.c_throughput, args.seconds)
            else:
                print("wrk not installed (apt-get install -y wrk): single-text figures skipped", file=sys.stderr)
            results["classify_batch_100"] = classify_batch(url, texts)
        if "responses" in only:
            results["responses"] = responses(url)
        if "report" in only:
            results["report"] = report(url)
            results["report_filtered"] = report(url, start="2024-06-01", end="2024-12-31", channel="phone")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
