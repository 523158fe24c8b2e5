"""`ces-nlp report` end to end: raw and classified inputs, every output type, errors as one line + exit 2."""

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ces_nlp.cli import app
from ces_nlp.paths import PROJECT_ROOT

DEMO = PROJECT_ROOT / "data" / "demo" / "survey_export.csv"
runner = CliRunner()


def _run(*args):
    return runner.invoke(app, ["report", *map(str, args)])


@pytest.fixture(scope="module")
def demo_raw_report(tmp_path_factory):
    """The demo export classified on the fly by the shipped model (once for the module)."""
    out = tmp_path_factory.mktemp("raw") / "report.json"
    res = _run(DEMO, "-o", out, "--date-col", "submitted_at", "--by", "channel", "-q")
    assert res.exit_code == 0, res.output
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture()
def classified_csv(tmp_path, demo_truth):
    """A file shaped like `classify` output (drivers and lang columns), from seeded demo truth."""
    p = tmp_path / "classified.csv"
    demo_truth.to_csv(p, index=False)
    return p


def test_raw_demo_export(demo_raw_report):
    rep = demo_raw_report
    raw = pd.read_csv(DEMO, keep_default_na=False, dtype=str)
    ces = raw["ces"].astype(float)
    commented = raw["comment"].str.strip() != ""
    ov = rep["overview"]
    assert (ov["responses"], ov["with_comment"], ov["rejected"]) == (len(raw), int(commented.sum()), 0)
    assert ov["mean_ces"] == pytest.approx(ces.mean())
    assert ov["high_effort"]["n"] == int((ces >= 6).sum()) and ov["low_effort"]["n"] == int((ces <= 2).sum())
    freq = {r["ces"]: r["responses"] for r in rep["frequency_by_ces"]}
    assert freq == {float(k): int(v) for k, v in ces.value_counts().items()}
    months = pd.to_datetime(raw["submitted_at"]).dt.strftime("%Y-%m").value_counts().sort_index()
    assert [(p["period"], p["responses"]) for p in rep["trend"]["periods"]] == list(months.items())
    groups = {g["group"]: g["responses"] for g in rep["breakdown"]["groups"]}
    assert groups == raw["channel"].value_counts().to_dict()
    assert rep["drivers"] == ["repeating_problem", "channel_switching", "transfers", "repeat_contacts"]
    # the shipped model finds the demo's drivers: each costs effort, every difference is clearly positive
    assert all(d["difference_ci"][0] > 0 for d in rep["driver_stats"])
    assert rep["summary"] and rep["schema_version"] == "1.0"


def test_classified_input_used_as_is_and_checked_against_pandas(tmp_path, classified_csv, demo_truth):
    out = tmp_path / "r.json"
    res = _run(classified_csv, "-o", out, "--date-col", "submitted_at", "--by", "team", "--period", "week")
    assert res.exit_code == 0, res.output
    rep = json.loads(out.read_text(encoding="utf-8"))
    com = demo_truth[demo_truth["comment"].str.strip() != ""]
    ids = com["drivers"].str.split(";")
    for d in rep["driver_stats"]:
        has = ids.apply(lambda x: d["driver"] in x)
        assert d["mentions"] == int(has.sum())
        assert d["share"] == pytest.approx(has.mean())
        assert d["difference"] == pytest.approx(com.loc[has, "ces"].mean() - com.loc[~has, "ces"].mean())
        rest = demo_truth.drop(com.index[has])
        assert d["impact"]["change"] == pytest.approx(rest["ces"].mean() - demo_truth["ces"].mean())
    assert [p["period"][4:6] for p in rep["trend"]["periods"][:1]] == ["-W"]
    assert {g["group"] for g in rep["breakdown"]["groups"]} == set(demo_truth["team"])
    effort = [d["impact"]["effort_points"] for d in rep["driver_stats"]]
    assert effort == sorted(effort, reverse=True)


def test_table_and_html_outputs_agree_with_the_json(tmp_path, classified_csv):
    paths = {ext: tmp_path / f"r.{ext}" for ext in ("json", "csv", "xlsx", "html")}
    for p in paths.values():
        assert _run(classified_csv, "-o", p, "--date-col", "submitted_at", "-q").exit_code == 0
    rep = json.loads(paths["json"].read_text(encoding="utf-8"))
    csv = pd.read_csv(paths["csv"], keep_default_na=False)
    xlsx = pd.read_excel(paths["xlsx"])
    for table in (csv, xlsx):
        assert table["driver"].tolist() == [d["driver"] for d in rep["driver_stats"]]
        assert table["share"].tolist() == pytest.approx([d["share"] for d in rep["driver_stats"]])
        assert table["impact_effort_points"].tolist() == pytest.approx(
            [d["impact"]["effort_points"] for d in rep["driver_stats"]])
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count('<svg class="chart') >= 5
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert rep["summary"][0].split(":")[0] in html


def test_higher_easier_scale_from_the_command_line(tmp_path, classified_csv, demo_truth):
    flipped = tmp_path / "easy.csv"
    demo_truth.assign(ces=8 - demo_truth["ces"]).to_csv(flipped, index=False)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert _run(classified_csv, "-o", a, "-q").exit_code == 0
    assert _run(flipped, "-o", b, "--ces-direction", "higher_easier", "-q").exit_code == 0
    ra, rb = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    assert [d["driver"] for d in ra["driver_stats"]] == [d["driver"] for d in rb["driver_stats"]]
    assert ra["overview"]["high_effort"] == rb["overview"]["high_effort"]
    assert rb["overview"]["mean_ces"] == pytest.approx(8 - ra["overview"]["mean_ces"])


def test_ces_outside_the_scale_is_rejected_and_counted(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"ces": [3, 9, 5, 0], "comment": ["ok", "x", "", "y"], "drivers": ["", "", "", ""],
                  "lang": ["en", "en", "", "en"]}).to_csv(src, index=False)
    out = tmp_path / "r.json"
    res = _run(src, "-o", out)
    assert res.exit_code == 0, res.output
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert (rep["overview"]["responses"], rep["overview"]["rejected"]) == (2, 2)
    rejects = pd.read_csv(tmp_path / "r.rejects.csv")
    assert rejects["row"].tolist() == [2, 4] and rejects["reason"].str.contains("outside").all()


@pytest.mark.parametrize("args,message", [
    (["-o", "{tmp}/r.pdf"], "unsupported report type"),
    (["-o", "{tmp}/r.json", "--period", "month"], "--date-col"),
    (["-o", "{tmp}/r.json", "--by", "team", "--team-col", "squad"], "squad"),
])
def test_bad_options_give_one_line_and_exit_code_2(tmp_path, classified_csv, args, message):
    res = _run(classified_csv, *[a.format(tmp=tmp_path) for a in args])
    assert res.exit_code == 2
    assert message in res.output and len(res.output.strip().splitlines()) == 1


def test_unknown_driver_and_all_rows_rejected(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"ces": [3], "comment": ["ok"], "drivers": ["long_wait"], "lang": ["en"]}).to_csv(src, index=False)
    res = _run(src, "-o", tmp_path / "r.json")
    assert res.exit_code == 2 and "'long_wait'" in res.output and "--taxonomy" in res.output
    pd.DataFrame({"ces": [0, 12], "comment": ["a", "b"], "drivers": ["", ""]}).to_csv(src, index=False)
    res = _run(src, "-o", tmp_path / "r.json")
    assert res.exit_code == 2 and "no responses with a CES" in res.output and "2 row(s) were rejected" in res.output
    assert not (tmp_path / "r.json").exists()


def test_custom_taxonomy_drivers_are_reported(tmp_path):
    import ces_nlp
    from ces_nlp.taxonomy import load_taxonomy

    tax_file = tmp_path / "tax.yaml"
    base = (Path(ces_nlp.__file__).parent / "resources" / "taxonomy.yaml").read_text(encoding="utf-8")
    extra = "  - id: long_wait\n    name: Long wait\n    description: waited too long\n"
    tax_file.write_text(base.rstrip() + "\n" + extra, encoding="utf-8")
    assert load_taxonomy(tax_file).ids[-1] == "long_wait"
    src = tmp_path / "in.csv"
    pd.DataFrame({"ces": [6, 2, 5], "comment": ["a", "b", "c"], "drivers": ["long_wait", "", "transfers;long_wait"],
                  "lang": ["en"] * 3}).to_csv(src, index=False)
    out = tmp_path / "r.json"
    res = _run(src, "-o", out, "--taxonomy", tax_file)
    assert res.exit_code == 0, res.output
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["drivers"][-1] == "long_wait" and rep["driver_names"]["long_wait"] == "Long wait"
    top = rep["driver_stats"][0]
    assert top["driver"] == "long_wait" and top["mentions"] == 2
