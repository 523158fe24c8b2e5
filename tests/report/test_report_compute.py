"""Report figures on the ten hand-made rows of report_data.ROWS, worked out by hand.

All 10 responses: CES 7,6,6,5,4,3,2,1 (commented) and 7,2 (no comment): sum 43, mean 4.3.
Commented: 8, sum 34. High effort (6-7): 4 rows; low effort (1-2): 3 rows.
transfers: rows with CES 7,6,4 -> 3 of 8; mean 17/3 vs 17/5 for the other 5 commented rows.
repeat_contacts: CES 7,6 -> 2 of 8; mean 6.5 vs 21/6.
"""

import json

import numpy as np
import pandas as pd
import pytest

from report_data import DRIVERS
from ces_nlp.errors import ReportError
from ces_nlp.ingest import CesScale
from ces_nlp.report import build_report, cells_from_frame, compute_report, default_cutoffs, merge_cells
from ces_nlp.report.stats import wilson_interval

HME = CesScale(1, 7, "higher_more_effort")
HE = CesScale(1, 7, "higher_easier")


def _report(df, scale=HME, **kw):
    kw.setdefault("n_boot", 300)
    return build_report(df, DRIVERS, scale, ces="ces", text="comment", **kw)


def _by_driver(rep):
    return {d["driver"]: d for d in rep["driver_stats"]}


def test_default_cutoffs_follow_the_direction():
    assert default_cutoffs(HME) == (6, 2)
    assert default_cutoffs(HE) == (2, 6)
    assert default_cutoffs(CesScale(1, 3)) == (3, 1)
    assert default_cutoffs(CesScale(0, 10, "higher_easier")) == (1, 9)


def test_overview(tiny):
    ov = _report(tiny)["overview"]
    assert (ov["responses"], ov["with_comment"], ov["no_comment"], ov["rejected"]) == (10, 8, 2, 0)
    assert ov["mean_ces"] == pytest.approx(4.3)
    assert ov["mean_ces_with_comment"] == pytest.approx(34 / 8)
    assert ov["mean_ces_no_comment"] == pytest.approx(4.5)
    assert ov["high_effort"] == {"n": 4, "share": pytest.approx(0.4)}
    assert ov["low_effort"] == {"n": 3, "share": pytest.approx(0.3)}
    assert ov["languages"] == [{"lang": "en", "n": 6, "share": 0.75}, {"lang": "de", "n": 2, "share": 0.25}]
    assert ov["small_sample"] is True


def test_driver_figures_and_ranking(tiny):
    rep = _report(tiny)
    d = _by_driver(rep)
    t, r, never = d["transfers"], d["repeat_contacts"], d["never"]
    assert (t["mentions"], t["base_n"], t["share"]) == (3, 8, pytest.approx(3 / 8))
    assert t["share_ci"] == pytest.approx(list(wilson_interval(3, 8)))
    assert t["mean_ces_with"] == pytest.approx(17 / 3)
    assert t["mean_ces_without"] == pytest.approx(17 / 5)
    assert t["difference"] == pytest.approx(17 / 3 - 17 / 5)
    assert (t["n_with"], t["n_without"]) == (3, 5)
    assert t["share_high_effort"] == pytest.approx(2 / 3) and t["n_high_effort"] == 3
    assert t["share_low_effort"] == 0 and t["n_low_effort"] == 2
    # leave-out impact: drop the 3 transfer rows (CES 7, 6, 4) -> 26 / 7
    assert t["impact"]["mean_ces_without_driver_rows"] == pytest.approx(26 / 7)
    assert t["impact"]["change"] == pytest.approx(26 / 7 - 4.3)
    assert t["impact"]["effort_points"] == pytest.approx(4.3 - 26 / 7)
    assert r["difference"] == pytest.approx(6.5 - 21 / 6)
    assert r["impact"]["change"] == pytest.approx(30 / 8 - 4.3)
    # never mentioned: zero share with a real upper bound, no means, no impact
    assert never["mentions"] == 0 and never["share"] == 0
    assert never["share_ci"][0] == 0 and never["share_ci"][1] == pytest.approx(wilson_interval(0, 8)[1])
    assert never["mean_ces_with"] is None and never["difference"] is None and never["difference_ci"] is None
    assert never["impact"]["change"] == 0
    assert [x["driver"] for x in rep["driver_stats"]] == ["transfers", "repeat_contacts", "never"]
    assert [x["rank"] for x in rep["driver_stats"]] == [1, 2, 3]
    assert t["small_sample"]["share"] and t["small_sample"]["difference"]
    assert any("Never is never mentioned" in n for n in rep["notes"])


def test_bootstrap_interval_is_reproducible_and_contains_the_difference(tiny):
    a, b = _report(tiny, seed=5), _report(tiny, seed=5)
    lo, hi = _by_driver(a)["transfers"]["difference_ci"]
    assert lo <= 17 / 3 - 17 / 5 <= hi
    assert _by_driver(a)["transfers"]["difference_ci"] == _by_driver(b)["transfers"]["difference_ci"]
    assert _by_driver(_report(tiny, seed=6))["transfers"]["difference_ci"] != [lo, hi]


def test_higher_easier_scale_mirrors_means_and_keeps_the_ranking(tiny):
    mirrored = tiny.assign(ces=8 - tiny["ces"])
    rep = _report(mirrored, scale=HE)
    base = _report(tiny)
    assert rep["overview"]["mean_ces"] == pytest.approx(8 - 4.3)
    assert rep["overview"]["high_effort"]["n"] == 4 and rep["settings"]["high_effort_values"] == [1.0, 2.0]
    for d, b in zip(rep["driver_stats"], base["driver_stats"]):
        assert d["driver"] == b["driver"]
        if b["difference"] is not None:
            assert d["difference"] == pytest.approx(-b["difference"])
        assert d["impact"]["change"] == pytest.approx(-b["impact"]["change"])
        assert d["impact"]["effort_points"] == pytest.approx(b["impact"]["effort_points"])
    assert rep["scale"]["more_effort"] == "lower"


def test_custom_cutoffs_and_bad_ones(tiny):
    rep = _report(tiny, high_cutoff=5, low_cutoff=3)
    assert rep["overview"]["high_effort"]["n"] == 5 and rep["overview"]["low_effort"]["n"] == 4
    assert rep["settings"]["high_effort_values"] == [5.0, 6.0, 7.0]
    with pytest.raises(ReportError, match="outside the CES scale"):
        _report(tiny, high_cutoff=9)
    with pytest.raises(ReportError, match="must be above"):
        _report(tiny, high_cutoff=2, low_cutoff=5)


def test_frequency_against_ces(tiny):
    rows = {r["ces"]: r for r in _report(tiny)["frequency_by_ces"]}
    assert sorted(rows) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    assert (rows[7]["responses"], rows[7]["with_comment"]) == (2, 1)
    assert rows[7]["shares"] == {"transfers": 1.0, "repeat_contacts": 1.0, "never": 0.0}
    assert rows[6]["shares"] == {"transfers": 0.5, "repeat_contacts": 0.5, "never": 0.0}
    assert rows[4]["mentions"]["transfers"] == 1
    assert (rows[2]["responses"], rows[2]["with_comment"]) == (2, 1)
    assert rows[7]["high_effort"] and rows[1]["low_effort"] and not rows[4]["high_effort"]


def test_key_drivers_match_least_squares_on_the_rows(tiny):
    kd = _report(tiny)["key_drivers"]
    com = tiny[tiny["comment"].str.strip() != ""]
    X = np.column_stack([com["drivers"].str.contains(d).astype(float) for d in DRIVERS[:2]])
    A = np.column_stack([np.ones(len(com)), X])
    y = com["ces"].to_numpy(float)
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ beta
    r2 = 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))
    coef = {c["driver"]: c for c in kd["coefficients"]}
    assert kd["n"] == 8 and kd["intercept"] == pytest.approx(beta[0])
    assert coef["transfers"]["coef"] == pytest.approx(beta[1])
    assert coef["repeat_contacts"]["coef"] == pytest.approx(beta[2])
    assert coef["never"]["coef"] is None and coef["never"]["importance"] == 0
    assert kd["r2"] == pytest.approx(r2)
    assert sum(c["importance"] for c in kd["coefficients"]) == pytest.approx(r2)
    assert sum(c["relative_importance"] for c in kd["coefficients"]) == pytest.approx(1.0)


def test_trend_fills_empty_periods(tiny):
    rep = _report(tiny, dates=pd.to_datetime(tiny["submitted_at"]).to_numpy(), period="month")
    periods = rep["trend"]["periods"]
    assert [p["period"] for p in periods] == ["2025-01", "2025-02", "2025-03"]
    jan, feb, mar = periods
    assert (jan["responses"], jan["with_comment"], jan["mean_ces"]) == (3, 2, pytest.approx(20 / 3))
    assert jan["shares"]["transfers"] == 1.0 and jan["shares"]["repeat_contacts"] == 0.5
    assert feb["responses"] == 0 and feb["mean_ces"] is None and feb["shares"]["transfers"] is None
    assert mar["responses"] == 7 and mar["mean_ces"] == pytest.approx(23 / 7)
    assert any("2025-02" in n for n in rep["notes"])


def test_breakdown_by_group(tiny):
    rep = _report(tiny, by="channel")
    groups = {g["group"]: g for g in rep["breakdown"]["groups"]}
    assert [g["group"] for g in rep["breakdown"]["groups"]] == ["phone", "chat", "email"]
    assert groups["phone"]["responses"] == 5 and groups["phone"]["with_comment"] == 4
    assert groups["phone"]["mean_ces"] == pytest.approx((7 + 6 + 4 + 1 + 7) / 5)
    assert groups["phone"]["shares"]["transfers"] == pytest.approx(3 / 4)
    assert groups["chat"]["high_effort_share"] == pytest.approx(1 / 3)
    assert rep["breakdown"]["by"] == "channel"


def test_report_is_identical_from_shuffled_or_chunked_cells(demo_truth):
    drivers = ["repeating_problem", "channel_switching", "transfers", "repeat_contacts"]
    df = demo_truth
    kw = dict(ces="ces", lang="lang", period="month", by="channel")

    def cells(sub):
        return cells_from_frame(sub, drivers, has_comment=sub["comment"].str.strip().ne("").to_numpy(),
                                dates=pd.to_datetime(sub["submitted_at"]).to_numpy(), **kw)

    whole = compute_report(cells(df), drivers, HME, by="channel", period="month", seed=3, n_boot=200)
    halves = merge_cells([cells(df.iloc[1000:]), cells(df.iloc[:1000])])
    shuffled = halves.sample(frac=1, random_state=1)
    again = compute_report(shuffled, drivers, HME, by="channel", period="month", seed=3, n_boot=200)
    assert json.dumps(whole) == json.dumps(again)
    # counts agree with a direct computation on the rows
    com = df[df["comment"].str.strip() != ""]
    for d in whole["driver_stats"]:
        mentioned = com["drivers"].str.split(";").apply(lambda ids: d["driver"] in ids)
        assert d["mentions"] == int(mentioned.sum())
        assert d["mean_ces_with"] == pytest.approx(com.loc[mentioned, "ces"].mean())
        assert d["mean_ces_without"] == pytest.approx(com.loc[~mentioned, "ces"].mean())


def test_demo_story_is_recovered(demo_truth):
    """The demo data are built with CES effects 0.9/0.6/1.2/1.5 and rising transfers: the report must see that."""
    drivers = ["repeating_problem", "channel_switching", "transfers", "repeat_contacts"]
    rep = build_report(demo_truth, drivers, HME, ces="ces", text="comment",
                       dates=pd.to_datetime(demo_truth["submitted_at"]).to_numpy(), period="month", n_boot=200)
    coef = {c["driver"]: c["coef"] for c in rep["key_drivers"]["coefficients"]}
    assert coef["repeat_contacts"] > coef["transfers"] > coef["repeating_problem"] > coef["channel_switching"] > 0
    first, last = rep["trend"]["periods"][0], rep["trend"]["periods"][-1]
    assert last["shares"]["transfers"] > first["shares"]["transfers"]
    assert all(d["difference_ci"][0] > 0 for d in rep["driver_stats"])


# ---------------------------------------------------------------- edge cases

def test_no_comments_at_all(tiny):
    df = tiny.assign(comment="", drivers="", lang="")
    rep = _report(df)
    assert rep["overview"]["with_comment"] == 0 and rep["overview"]["languages"] == []
    assert all(d["share"] is None and d["mentions"] == 0 for d in rep["driver_stats"])
    assert rep["key_drivers"]["n"] == 0 and rep["key_drivers"]["r2"] is None
    assert "No response has a comment" in rep["notes"][0]
    assert any("cannot say which drivers" in s for s in rep["summary"])


def test_every_response_with_the_same_ces(tiny):
    rep = _report(tiny.assign(ces=4))
    t = _by_driver(rep)["transfers"]
    assert t["difference"] == 0 and t["difference_ci"] == [0.0, 0.0]
    assert t["impact"]["change"] == 0
    assert rep["key_drivers"]["r2"] is None and rep["key_drivers"]["note"]
    assert all(c["importance"] is None for c in rep["key_drivers"]["coefficients"])
    assert any("same CES" in n for n in rep["notes"])


def test_one_response(tiny):
    rep = _report(tiny.iloc[:1], dates=pd.to_datetime(tiny["submitted_at"].iloc[:1]).to_numpy(), period="week")
    assert rep["overview"]["responses"] == 1 and rep["overview"]["mean_ces"] == 7
    t = _by_driver(rep)["transfers"]
    assert t["share"] == 1.0 and t["mean_ces_without"] is None and t["difference"] is None
    assert t["impact"]["change"] is None  # nothing left after leaving the driver out
    assert rep["trend"]["periods"][0]["period"] == "2025-W01"
    assert rep["overview"]["small_sample"] and all(t["small_sample"].values())
    json.dumps(rep, allow_nan=False)


def test_cells_outside_the_scale_or_empty_are_refused(tiny):
    cells = cells_from_frame(tiny, DRIVERS, ces="ces", has_comment=[True] * 10, lang="lang")
    with pytest.raises(ReportError, match="outside the scale"):
        compute_report(cells, DRIVERS, CesScale(1, 5))
    with pytest.raises(ReportError, match="no responses"):
        compute_report(cells.iloc[:0], DRIVERS, HME, rejected=3)
    with pytest.raises(ReportError, match="more bits"):
        compute_report(cells, DRIVERS[:1], HME)


def test_period_needs_dates(tiny):
    with pytest.raises(ReportError, match="--date-col"):
        _report(tiny, period="month")
