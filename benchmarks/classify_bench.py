"""Throughput and memory of `ces-nlp classify` and `ces-nlp report` on a large generated input.

    .venv/bin/python benchmarks/classify_bench.py [--rows 1000000] [--report-rows 10000000] [--skip-dask]
                                                   [--skip-spacy] [--workdir out/bench]

Steps (each one printed with its figures, and all figures written to WORKDIR/results.json):

1. input: ROWS responses from the seeded demo generator (``ces_nlp.demo``), written as Parquet
   with 50,000-row row groups;
2. classify, local engine: the real command in a subprocess (read, detect language, classify,
   write Parquet), wall time, rows/s and comments/s, and peak memory of the whole process tree
   (RSS summed over processes, and PSS, which counts pages shared by the forked workers once),
   sampled every 0.2 s; once with the default (one worker process per core) and once in one
   process (``--workers 1``);
3. classify, Dask engine on a 2-worker ``LocalCluster``: same, plus a check that drivers, languages
   and scores are identical to the local run, and the overhead against it;
4. reference peer: a spaCy ``textcat_multilabel`` bag-of-words model trained on the same gold train
   split, its classification throughput (``nlp.pipe`` with one process per core) against ours
   (the shipped model's scoring on the same texts, one worker per core), and both models' macro-F1
   on the gold test split;
5. report: the classified output replicated to REPORT_ROWS rows (dates shifted by whole years), then
   `ces-nlp report ... -o report.json` timed end to end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "ces_nlp.cli"]
COLS = ["--id-col", "response_id", "--date-col", "submitted_at", "--channel-col", "channel", "--team-col", "team"]


class PeakMemory:
    """Peak RSS (summed over a process and its children) and peak PSS, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every = pid, every
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
                rss = pss = 0
                for p in procs:
                    try:
                        info = p.memory_full_info()
                        rss += info.rss
                        pss += getattr(info, "pss", info.rss)
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
                self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            except psutil.NoSuchProcess:
                return
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def timed_command(args: list[str]) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(proc.pid) as mem:
        out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}\n{err}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(mem.rss / 2**20), "peak_pss_mb": round(mem.pss / 2**20),
            "stderr_tail": err.strip().splitlines()[-1] if err.strip() else ""}


def make_input(path: Path, rows: int) -> dict:
    from ces_nlp.demo import generate_export

    started = time.perf_counter()
    df = generate_export(n_rows=rows, seed=2026)
    df.to_parquet(path, index=False, row_group_size=50_000)
    comments = df["comment"].fillna("").astype(str)
    has = comments.str.strip() != ""
    return {"rows": rows, "with_comment": int(has.sum()), "distinct_comments": int(comments[has].nunique()),
            "seconds_to_generate": round(time.perf_counter() - started, 1)}


def bench_classify(inp: Path, out: Path, rows: int, comments: int, extra: list[str]) -> dict:
    r = timed_command([*CLI, "classify", str(inp), "-o", str(out), *COLS, "--quiet", *extra])
    r["rows_per_s"] = round(rows / r["seconds"])
    r["comments_per_s"] = round(comments / r["seconds"])
    return r


def same_output(a: Path, b: Path) -> bool:
    x, y = pd.read_parquet(a), pd.read_parquet(b)
    cols = ["response_id", "lang", "drivers", *[c for c in x.columns if c.startswith("score_")]]
    return len(x) == len(y) and x[cols].fillna(-1).equals(y[cols].fillna(-1))


def bench_peer(texts: list[str]) -> dict:
    """Classification throughput of the shipped model vs a spaCy BOW peer, both on all cores, plus F1."""
    from concurrent.futures import ProcessPoolExecutor

    from ces_nlp.artifact import load_model
    from ces_nlp.dataset import load_labelled
    from ces_nlp.evaluate import evaluate_predictions
    from ces_nlp.paths import GOLD_FILE
    from ces_nlp.spacy_peer import SpacyTextcatClassifier

    model = load_model()
    gold = load_labelled(GOLD_FILE, model.taxonomy)
    train, test = gold.split("train"), gold.split("test")
    peer = SpacyTextcatClassifier(drivers=tuple(model.drivers)).fit(train.texts, train.Y)
    f1_peer = evaluate_predictions(test, peer.predict(test.texts))["macro_f1"]
    f1_ours = evaluate_predictions(test, model.predict_indicator(test.texts))["macro_f1"]
    workers = os.cpu_count() or 1
    halves = np.array_split(np.arange(len(texts)), workers)
    parts = [[texts[i] for i in h] for h in halves]

    started = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=__import__("multiprocessing").get_context("fork")) as ex:
        list(ex.map(model.predict_proba, parts))
    ours = len(texts) / (time.perf_counter() - started)

    nlp = peer._pipeline()
    from ces_nlp.text import fold

    started = time.perf_counter()
    folded = [fold(t) for t in texts]
    for _ in nlp.pipe(folded, batch_size=1000, n_process=workers):
        pass
    theirs = len(texts) / (time.perf_counter() - started)
    return {"texts": len(texts), "ours_texts_per_s": round(ours), "spacy_texts_per_s": round(theirs),
            "speedup": round(ours / theirs, 2), "gold_test_macro_f1_ours": round(f1_ours, 4),
            "gold_test_macro_f1_spacy": round(f1_peer, 4)}


def make_report_input(classified: Path, path: Path, rows: int) -> dict:
    base = pd.read_parquet(classified, columns=["response_id", "submitted_at", "channel", "team", "ces", "comment",
                                                 "lang", "drivers"])
    reps = -(-rows // len(base))
    path.mkdir(parents=True, exist_ok=True)
    written = 0
    for r in range(reps):
        part = base.iloc[: min(len(base), rows - written)].copy()
        part["response_id"] = part["response_id"] + f"-{r}"
        part["submitted_at"] = (pd.to_datetime(part["submitted_at"]) + pd.DateOffset(years=r)).dt.strftime("%Y-%m-%d")
        part.to_parquet(path / f"part-{r:03d}.parquet", index=False, row_group_size=500_000)
        written += len(part)
    return {"rows": written, "files": reps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--report-rows", type=int, default=10_000_000)
    ap.add_argument("--peer-texts", type=int, default=200_000)
    ap.add_argument("--workdir", type=Path, default=ROOT / "out" / "bench")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-spacy", action="store_true")
    ap.add_argument("--skip-report", action="store_true")
    ap.add_argument("--skip-single", action="store_true", help="skip the one-process (--workers 1) run")
    args = ap.parse_args()
    wd = args.workdir.resolve()
    wd.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30)}}

    def record(name, value):
        results[name] = value
        print(f"{name}: {json.dumps(value)}", flush=True)
        (wd / "results.json").write_text(json.dumps(results, indent=2) + "\n")

    inp = wd / "input.parquet"
    record("input", make_input(inp, args.rows))
    comments = results["input"]["with_comment"]
    local_out = wd / "classified.parquet"
    record("classify_local", bench_classify(inp, local_out, args.rows, comments, []))
    if not args.skip_single:
        single_out = wd / "classified_1_worker.parquet"
        r = bench_classify(inp, single_out, args.rows, comments, ["--workers", "1"])
        r["identical_to_local"] = same_output(local_out, single_out)
        record("classify_local_1_process", r)
    if not args.skip_dask:
        dask_out = wd / "classified_dask.parquet"
        r = bench_classify(inp, dask_out, args.rows, comments, ["--engine", "dask", "--workers", "2"])
        r["identical_to_local"] = same_output(local_out, dask_out)
        r["overhead_vs_local"] = round(r["seconds"] / results["classify_local"]["seconds"] - 1, 3)
        record("classify_dask_2_workers", r)
    if not args.skip_spacy:
        texts = pd.read_parquet(inp, columns=["comment"])["comment"].fillna("")
        texts = texts[texts.str.strip() != ""].iloc[: args.peer_texts].tolist()
        record("peer_spacy_textcat_bow", bench_peer(texts))
    if not args.skip_report:
        rep_in = wd / "report_input"
        record("report_input", make_report_input(local_out, rep_in, args.report_rows))
        r = timed_command([*CLI, "report", str(rep_in), "-o", str(wd / "report.json"), *COLS, "--by", "channel",
                           "--quiet"])
        r["rows_per_s"] = round(results["report_input"]["rows"] / r["seconds"])
        record("report_local", r)


if __name__ == "__main__":
    main()
