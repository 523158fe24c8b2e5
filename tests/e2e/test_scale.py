"""Streaming and distributed classification give exactly the in-memory result."""

import gc

import pandas as pd
import pytest
from typer.testing import CliRunner

from ces_nlp.batch import ReadOptions, classify_dask, classify_file
from ces_nlp.classify import classify_export
from ces_nlp.cli import app
from ces_nlp.demo import generate_export
from ces_nlp.errors import InputError
from ces_nlp.ingest import CesScale, Columns, read_export

BAD_ROWS = {7: "x", 1501: "9", 2999: ""}   # 1-based row -> bad CES
COLUMNS = Columns(id="response_id", date="submitted_at", channel="channel", team="team")


@pytest.fixture(scope="module")
def export_csv(tmp_path_factory):
    d = tmp_path_factory.mktemp("scale")
    df = generate_export(n_rows=3000, seed=7)
    df["ces"] = df["ces"].astype(str)
    for row, value in BAD_ROWS.items():
        df.loc[row - 1, "ces"] = value
    df.to_csv(d / "export.csv", index=False)
    ds = d / "export.parquet"
    ds.mkdir()
    for i, part in enumerate((df.iloc[:1200], df.iloc[1200:2100], df.iloc[2100:])):
        part.to_parquet(ds / f"part-{i}.parquet", index=False, row_group_size=400)
    return d


@pytest.fixture(scope="module")
def model(tmp_path_factory, taxonomy):
    """A model trained here on part of the gold set, so these tests follow the current code."""
    from ces_nlp.artifact import load_model
    from ces_nlp.paths import GOLD_FILE
    from ces_nlp.train import TrainConfig, train

    d = tmp_path_factory.mktemp("scale_model")
    gold = pd.read_csv(GOLD_FILE, dtype=str, keep_default_na=False)
    gold = pd.concat([gold[gold["split"] == "train"].groupby("lang").head(250), gold[gold["split"] != "train"]])
    gold.to_csv(d / "gold.csv", index=False)
    train(d / "gold.csv", taxonomy, d / "model", config=TrainConfig(compare_spacy=False))
    return load_model(d / "model")


@pytest.fixture(scope="module")
def expected(export_csv, model):
    export = read_export(export_csv / "export.csv", columns=COLUMNS, scale=CesScale(1, 7))
    return classify_export(model, export).reset_index(drop=True), export.rejects


def _read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False) if str(path).endswith(".csv") else pd.read_parquet(path)


def test_streamed_pool_run_equals_in_memory(export_csv, expected, model):
    want, want_rejects = expected
    out = export_csv / "streamed.csv"
    stats, rejects = classify_file(export_csv / "export.csv", out, model,
                                   options=ReadOptions(columns=COLUMNS, chunk_rows=700), workers=2, quiet=True)
    got = _read(out)
    assert len(got) == len(want) == 3000 - len(BAD_ROWS)
    assert got["drivers"].tolist() == want["drivers"].tolist()
    assert got["lang"].tolist() == want["lang"].tolist()
    for col in [c for c in want.columns if c.startswith("score_")]:
        pd.testing.assert_series_equal(got[col].replace("", "nan").astype(float), want[col].astype(float),
                                       check_names=False)
    assert stats.summary() == {"rows": 3000, "accepted": 2997, "with_comment": int((want["comment"].str.strip() != "").sum()),
                               "no_comment": int((want["comment"].str.strip() == "").sum()), "rejected": 3}
    rej = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    assert rej["row"].astype(int).tolist() == sorted(BAD_ROWS) == want_rejects["row"].tolist()
    # the pool freezes the collector's view of the parent's objects while its workers live, and only then
    assert gc.get_freeze_count() == 0


def test_dask_local_cluster_equals_local_engine(export_csv, expected, model):
    want, _ = expected
    out = export_csv / "dask_out.parquet"
    stats, rejects = classify_dask(export_csv / "export.parquet", out, model,
                                   options=ReadOptions(columns=COLUMNS, chunk_rows=500), workers=2, quiet=True)
    assert out.is_dir() and len(list(out.glob("part-*.parquet"))) == 6
    got = pd.read_parquet(out)
    assert got["response_id"].tolist() == want["response_id"].tolist()
    assert got["drivers"].tolist() == want["drivers"].tolist()
    assert got["lang"].tolist() == want["lang"].tolist()
    for col in [c for c in want.columns if c.startswith("score_")]:
        assert got[col].fillna(-1).tolist() == want[col].fillna(-1).tolist()
    assert stats.rejected == 3
    assert pd.read_csv(rejects)["row"].tolist() == sorted(BAD_ROWS)


def test_fail_on_bad_row_mid_stream_leaves_no_output(export_csv, model):
    out = export_csv / "failed.parquet"
    with pytest.raises(InputError) as err:
        classify_file(export_csv / "export.csv", out, model, workers=1, quiet=True,
                      options=ReadOptions(columns=COLUMNS, chunk_rows=1000, on_bad_row="fail"))
    assert err.value.row == 7 and err.value.column == "ces"
    assert not out.exists() and not list(export_csv.glob(".failed*"))


def test_cli_dask_engine_needs_parquet(export_csv):
    r = CliRunner().invoke(app, ["classify", str(export_csv / "export.csv"), "-o", str(export_csv / "o.parquet"),
                                 "--engine", "dask", "--quiet"])
    assert r.exit_code == 2 and "Parquet" in r.output and not (export_csv / "o.parquet").exists()


def _in_memory_report(path, model, by, period):
    from ces_nlp.report import compute_report, export_cells, resolve_period

    export = read_export(path, columns=COLUMNS, scale=CesScale(1, 7), require_ces=True)
    period = resolve_period(export, period)
    classified = classify_export(model, export)
    cells = export_cells(export, classified, model.drivers, by=by, period=period)
    return compute_report(cells, model.drivers, CesScale(1, 7), by=by, period=period, rejected=len(export.rejects))


def test_streamed_and_dask_reports_equal_the_in_memory_report(export_csv, model):
    from ces_nlp.batch import report_dask, report_file
    from ces_nlp.report import compute_report

    want = _in_memory_report(export_csv / "export.csv", model, "channel", "week")
    opts = ReadOptions(columns=COLUMNS, chunk_rows=600)
    runs = [report_file(export_csv / "export.csv", export_csv / "r.json", options=opts, model=model.path,
                        by="channel", period="week", workers=2, quiet=True),
            report_dask(export_csv / "export.parquet", export_csv / "r2.json", options=opts, model=model.path,
                        by="channel", period="week", workers=2, quiet=True)]
    for run in runs:
        got = compute_report(run.cells, run.drivers, CesScale(1, 7), by="channel", period=run.period,
                             rejected=run.stats.rejected)
        assert got == want
        assert run.stats.rejected == 3 and pd.read_csv(run.rejects)["row"].tolist() == sorted(BAD_ROWS)
    assert want["overview"]["responses"] == 2997 and want["trend"]


def test_report_of_classified_parquet_data_set_matches_cli_on_csv(export_csv, model, tmp_path):
    """classify -> Parquet data set -> report (drivers used as is) gives the raw-export report's numbers."""
    import json

    runner = CliRunner()
    ds = tmp_path / "classified.parquet"
    common = ["--id-col", "response_id", "--date-col", "submitted_at", "--channel-col", "channel",
              "--team-col", "team", "--quiet"]
    r = runner.invoke(app, ["classify", str(export_csv / "export.parquet"), "-o", str(ds), "--engine", "dask",
                            "--workers", "2", "--model", str(model.path), *common])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["report", str(ds), "-o", str(tmp_path / "a.json"), "--by", "team", *common])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["report", str(export_csv / "export.csv"), "-o", str(tmp_path / "b.json"), "--by", "team",
                            "--model", str(model.path), "--chunk-rows", "800", *common])
    assert r.exit_code == 0, r.output
    a, b = (json.loads((tmp_path / n).read_text()) for n in ("a.json", "b.json"))
    for key in ("drivers", "driver_stats", "frequency_by_ces", "key_drivers", "trend", "breakdown"):
        assert a[key] == b[key], key
    assert a["overview"]["responses"] == b["overview"]["responses"] == 2997
    assert b["overview"]["rejected"] == 3 and a["overview"]["rejected"] == 0


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_interrupted_run_leaves_no_output_and_no_workers(tmp_path, sig):
    """Ctrl-C (SIGINT to the process group) or SIGTERM mid-run: no output, no temporary file, no worker left."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    src = tmp_path / "big.parquet"
    generate_export(n_rows=150_000, seed=3).to_parquet(src, index=False, row_group_size=10_000)
    out = tmp_path / "out.parquet"
    proc = subprocess.Popen([sys.executable, "-m", "ces_nlp.cli", "classify", str(src), "-o", str(out),
                             "--chunk-rows", "10000", "--workers", "2", "--quiet"],
                            start_new_session=True, stderr=subprocess.PIPE, text=True,
                            # as from a terminal: a background job (``cmd &`` in a script, as CI may run
                            # the suite) inherits SIGINT ignored, and Python then keeps ignoring it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    children = []
    while not children and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        children = psutil.Process(proc.pid).children(recursive=True)
    time.sleep(0.5)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    assert children, "expected worker processes"
    if sig == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0, (f"exit 0 after {sig}; output written: {out.exists()}; "
                                  f"stderr: {proc.stderr.read()[-2000:]!r}")
    assert not out.exists() and not list(tmp_path.glob(".out.*"))
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive


def test_dask_engine_on_a_scheduler_address(export_csv, expected, model, tmp_path):
    """--scheduler ADDRESS: the run goes to an existing cluster (here a LocalCluster started by the test)."""
    from distributed import Client, LocalCluster

    want, _ = expected
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        r = CliRunner().invoke(app, ["classify", str(export_csv / "export.parquet"), "-o", str(tmp_path / "o.parquet"),
                                     "--engine", "dask", "--scheduler", cluster.scheduler_address,
                                     "--model", str(model.path), "--id-col", "response_id", "--quiet"])
        assert r.exit_code == 0, r.output
        with Client(cluster) as client:  # the work really ran there: its worker loaded the model
            loaded = client.run(lambda: len(__import__("ces_nlp.batch").batch._MODELS))
        assert list(loaded.values()) == [1]
    got = pd.read_parquet(tmp_path / "o.parquet")
    assert got["drivers"].tolist() == want["drivers"].tolist()


def test_unreachable_scheduler_is_one_clear_error(export_csv, tmp_path):
    r = CliRunner().invoke(app, ["classify", str(export_csv / "export.parquet"), "-o", str(tmp_path / "o.parquet"),
                                 "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--quiet"])
    assert r.exit_code == 2 and "Dask scheduler" in r.output and not (tmp_path / "o.parquet").exists()


def test_pool_freezes_the_parents_objects_only_while_it_lives(model):
    from ces_nlp.batch import _Pool

    pool = _Pool(model, workers=2)
    try:
        assert gc.get_freeze_count() > 0   # the loaded model's objects are out of the collector's reach
        langs, proba = pool.submit(["I was transferred three times"]).result()
        assert langs == ["en"] and proba.shape == (1, len(model.drivers))
    finally:
        pool.shutdown()
    assert gc.get_freeze_count() == 0
