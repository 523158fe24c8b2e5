"""Scoring speed of a model: batch throughput and single-text latency.

    .venv/bin/python benchmarks/inference_bench.py [--model DIR] [--rows N] [--calls N]

Texts are the non-empty comments of the demo export (data/demo/survey_export.csv), repeated up to
``--rows``. Reports, on one process (one core):

* batch: texts/s of ``DriverModel.predict_proba`` (the compiled scorer) and of the scikit-learn
  pipeline it replaces (``model.estimator.predict_proba``), and the largest difference between them;
* single text: p50/p95/p99 latency of ``DriverModel.score_one(text)`` and of
  ``predict_proba([text])``, one call per text.

Language detection and file I/O are not included (see ``ces-nlp classify`` for end to end).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from ces_nlp.artifact import load_model
from ces_nlp.paths import DEMO_EXPORT


def _rate(fn, texts, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def _latency(fn, texts) -> dict:
    times = []
    for t in texts:
        t0 = time.perf_counter()
        fn(t)
        times.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(times, n=100)
    return {"p50_ms": round(q[49], 4), "p95_ms": round(q[94], 4), "p99_ms": round(q[98], 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="model directory [default: the shipped model]")
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--calls", type=int, default=2_000)
    args = ap.parse_args()

    model = load_model(args.model)
    comments = [c for c in pd.read_csv(DEMO_EXPORT, keep_default_na=False)["comment"] if c.strip()]
    texts = (comments * (args.rows // len(comments) + 1))[:args.rows]
    model.predict_proba(texts[:2000])  # warm caches once, as a long-running process would be
    fast = model.predict_proba(texts)
    slow = np.asarray(model.estimator.predict_proba(texts))
    print(f"model: {model.name} {model.version} ({model.path}); texts: {len(texts)} demo comments")
    print(f"batch, compiled scorer : {_rate(model.predict_proba, texts):>9,.0f} texts/s")
    print(f"batch, sklearn pipeline: {_rate(model.estimator.predict_proba, texts):>9,.0f} texts/s")
    print(f"max |difference| of probabilities: {np.abs(fast - slow).max():.2e}")
    singles = texts[:args.calls]
    print(f"single text, score_one(text)      : {_latency(model.score_one, singles)}")
    print(f"single text, predict_proba([text]): {_latency(lambda t: model.predict_proba([t]), singles)}")


if __name__ == "__main__":
    main()
