"""End to end on a small fixture: train -> evaluate -> classify, a custom fifth driver, tampering."""

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ces_nlp.artifact import load_model
from ces_nlp.cli import app
from ces_nlp.errors import ModelIntegrityError, TaxonomyMismatchError
from ces_nlp.paths import GOLD_FILE
from ces_nlp.taxonomy import load_taxonomy

FIXTURES = Path(__file__).parent.parent / "fixtures"
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A 5-driver taxonomy (defaults + long_wait) and a small labelled fixture with fixed splits."""
    d = tmp_path_factory.mktemp("e2e")
    tax = load_taxonomy().to_dict()
    tax["id"], tax["version"] = "with-long-wait", "1.0.0"
    tax["drivers"].append({"id": "long_wait", "name": "Long wait", "description": "Waited long on hold.",
                           "cues": {"en": ["on hold for ages"], "de": ["Warteschleife"]}})
    import yaml
    (d / "taxonomy.yaml").write_text(yaml.safe_dump(tax, allow_unicode=True))
    gold = pd.read_csv(GOLD_FILE, dtype=str, keep_default_na=False)
    gold = gold[~gold["tags"].str.contains("other_complaint")]
    parts = [gold[gold["split"] == s].groupby("lang").head(n) for s, n in (("train", 60), ("dev", 15), ("test", 15))]
    small = pd.concat(parts)
    small["long_wait"] = "0"
    lw = pd.read_csv(FIXTURES / "long_wait.csv", dtype=str)
    lw["split"] = ["train", "dev", "test"] * (len(lw) // 3) + ["train"] * (len(lw) % 3)
    lw["id"] = [f"lw-{i}" for i in range(len(lw))]
    lw["lang"] = ""
    for col in ("repeating_problem", "channel_switching", "transfers", "repeat_contacts"):
        lw[col] = "0"
    lw["tags"] = ""
    small = pd.concat([small, lw[small.columns]], ignore_index=True)
    small.to_csv(d / "gold.csv", index=False)
    export = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "ces": ["6", "2", "3", "7", "x"],
                           "comment": ["I was transferred three times and on hold for an hour", "all good",
                                       "", "Warteschleife 40 Minuten", "broken ces"]})
    export.to_csv(d / "export.csv", index=False, sep=";")
    return d


@pytest.fixture(scope="module")
def trained(workdir):
    out = workdir / "model"
    r = run("train", "--gold", workdir / "gold.csv", "--taxonomy", workdir / "taxonomy.yaml", "--out", out,
            "--no-compare-spacy", "--quiet")
    assert r.exit_code == 0, r.output
    return out


def test_train_writes_a_model_directory_with_provenance(trained):
    meta = json.loads((trained / "metadata.json").read_text())
    assert meta["taxonomy"]["id"] == "with-long-wait" and "long_wait" in meta["taxonomy"]["drivers"]
    assert set(meta["thresholds"]) == set(meta["taxonomy"]["drivers"])
    assert len(meta["sha256"]) == 64 and meta["library_versions"]["scikit-learn"]
    assert meta["training"]["data"][0]["sha256"] and meta["metrics"]["test"]
    assert meta["training"]["mixed_copies"] == 0.5 and meta["training"]["mixed_weight"] == 0.25
    card = (trained / "README.md").read_text()
    assert "long_wait" in card and meta["sha256"] in card


def test_training_is_reproducible(workdir, trained):
    again = workdir / "model2"
    r = run("train", "--gold", workdir / "gold.csv", "--taxonomy", workdir / "taxonomy.yaml", "--out", again,
            "--no-compare-spacy", "--quiet")
    assert r.exit_code == 0
    texts = ["transferred twice, then on hold for an hour", "fine"]
    assert np.array_equal(load_model(trained).predict_proba(texts), load_model(again).predict_proba(texts))


def test_train_without_mixed_copies(workdir, trained):
    plain = workdir / "model_plain"
    r = run("train", "--gold", workdir / "gold.csv", "--taxonomy", workdir / "taxonomy.yaml", "--out", plain,
            "--no-compare-spacy", "--mixed-copies", "0", "--quiet")
    assert r.exit_code == 0, r.output
    assert json.loads((plain / "metadata.json").read_text())["training"]["mixed_copies"] == 0.0
    texts = ["transferred twice, then on hold for an hour", "fine"]
    assert not np.array_equal(load_model(trained).predict_proba(texts), load_model(plain).predict_proba(texts))
    assert run("train", "--gold", workdir / "gold.csv", "--mixed-copies", "2", "--quiet").exit_code != 0


def test_evaluate_prints_and_saves(workdir, trained):
    save = workdir / "eval.json"
    r = run("evaluate", workdir / "gold.csv", "--model", trained, "--split", "test", "--save", save)
    assert r.exit_code == 0, r.output
    assert "macro-F1" in r.output and "long_wait" in r.output
    res = json.loads(save.read_text())
    assert set(res["per_driver"]) >= {"long_wait", "transfers"} and "per_language" in res and "errors" in res
    assert res["errors"] and "sample of errors" in r.output


def test_evaluate_can_leave_texts_out(workdir, trained):
    """For test-only data: no wrongly labelled texts printed or saved."""
    save = workdir / "eval_no_texts.json"
    r = run("evaluate", workdir / "gold.csv", "--model", trained, "--split", "test", "--save", save, "--errors", "0")
    assert r.exit_code == 0, r.output
    res = json.loads(save.read_text())
    assert res["errors"] == [] and res["n_wrong_rows"] > 0 and "sample of errors" not in r.output


def test_evaluate_mixed_joins_answers_and_records_it(workdir, trained, tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(trained, model_dir)
    plain, mixed = workdir / "eval_plain.json", workdir / "eval_mixed.json"
    assert run("evaluate", workdir / "gold.csv", "--model", model_dir, "--split", "test", "--save", plain,
               "-q").exit_code == 0
    r = run("evaluate", workdir / "gold.csv", "--model", model_dir, "--split", "test", "--save", mixed, "--mixed",
            "--record", "mixed test")
    assert r.exit_code == 0, r.output
    assert "(mixed with other answers)" in r.output
    a, b = json.loads(plain.read_text()), json.loads(mixed.read_text())
    assert a["n"] == b["n"] and a["per_driver"]["transfers"]["support"] == b["per_driver"]["transfers"]["support"]
    originals = set(pd.read_csv(workdir / "gold.csv")["text"])
    assert b["errors"] and not any(e["text"] in originals for e in b["errors"])  # errors show the joined texts
    meta = json.loads((model_dir / "metadata.json").read_text())
    recorded = [e for e in meta["evaluations"] if e["name"] == "mixed test"]
    assert len(recorded) == 1 and "joined with another without a driver" in recorded[0]["data"]


def test_classify_keeps_columns_and_adds_scores(workdir, trained):
    out = workdir / "classified.parquet"
    r = run("classify", workdir / "export.csv", "-o", out, "--model", trained, "--taxonomy", workdir / "taxonomy.yaml")
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(out)
    assert list(df.columns[:3]) == ["id", "ces", "comment"]
    assert {"lang", "drivers", "score_long_wait", "score_transfers"} <= set(df.columns)
    assert df["id"].tolist() == ["a", "b", "c", "d"]           # 'e' has a bad CES
    assert df.loc[df["id"] == "c", "drivers"].item() == ""     # no comment: kept, not scored
    assert np.isnan(df.loc[df["id"] == "c", "score_transfers"].item())
    assert "long_wait" in df.loc[df["id"] == "d", "drivers"].item()
    rejects = pd.read_csv(workdir / "classified.rejects.csv")
    assert rejects["row"].tolist() == [5] and "not a number" in rejects["reason"].item()


@pytest.mark.parametrize("ext", ["csv", "jsonl", "xlsx"])
def test_classify_output_formats(workdir, trained, ext):
    out = workdir / f"classified.{ext}"
    assert run("classify", workdir / "export.csv", "-o", out, "--model", trained, "-q").exit_code == 0
    assert out.exists() and out.stat().st_size > 0


def test_python_api(trained):
    m = load_model(trained)
    assert "long_wait" in m.predict(["on hold for ages, 50 minutes in the queue"])[0]
    assert m.predict_proba(["x", "y"]).shape == (2, 5)


def test_tampered_model_is_refused(workdir, trained):
    bad = workdir / "tampered"
    shutil.copytree(trained, bad)
    with open(bad / "model.joblib", "ab") as f:
        f.write(b"\0")
    with pytest.raises(ModelIntegrityError, match="checksum"):
        load_model(bad)
    r = run("classify", workdir / "export.csv", "-o", workdir / "x.csv", "--model", bad)
    assert r.exit_code == 2 and "checksum" in r.output


def test_taxonomy_mismatch_is_refused(trained):
    with pytest.raises(TaxonomyMismatchError, match="with-long-wait"):
        load_model(trained, taxonomy=load_taxonomy())


def test_label_and_rules_report(workdir, trained):
    out = workdir / "weak.csv"
    r = run("label", workdir / "export.csv", "-o", out, "--gold", workdir / "gold.csv",
            "--taxonomy", workdir / "taxonomy.yaml")
    assert r.exit_code == 0, r.output
    weak = pd.read_csv(out)
    assert {"p_transfers", "p_long_wait", "weak_drivers", "lang"} <= set(weak.columns)
    assert "transfers" in weak.loc[0, "weak_drivers"]
    r = run("rules", "report", "--gold", workdir / "gold.csv", "--taxonomy", workdir / "taxonomy.yaml")
    assert r.exit_code == 0 and "long_wait.en.cue_v1" in r.output and "coverage" in r.output


def test_train_with_weak_labels(workdir):
    weak = workdir / "weak_for_training.csv"
    assert run("label", workdir / "export.csv", "-o", weak, "--gold", workdir / "gold.csv",
               "--taxonomy", workdir / "taxonomy.yaml", "-q").exit_code == 0
    out = workdir / "model_weak"
    r = run("train", "--gold", workdir / "gold.csv", "--taxonomy", workdir / "taxonomy.yaml", "--out", out,
            "--weak", weak, "--no-compare-spacy", "-q")
    assert r.exit_code == 0, r.output
    meta = json.loads((out / "metadata.json").read_text())
    assert [d["role"] for d in meta["training"]["data"]] == ["gold (train+dev used, test held out)", "weak labels"]


def test_cli_errors_are_one_line_with_exit_code(workdir, tmp_path):
    r = run("classify", tmp_path / "missing.csv", "-o", tmp_path / "o.csv")
    assert r.exit_code == 2 and "missing.csv" in r.output and "Traceback" not in r.output
    r = run("classify", workdir / "export.csv", "-o", tmp_path / "o.csv", "--text-col", "nope")
    assert r.exit_code == 2 and "nope" in r.output
