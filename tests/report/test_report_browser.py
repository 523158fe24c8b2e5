"""Headless Chromium opens the HTML report offline: charts drawn, no console error, screenshot kept."""

from pathlib import Path

import pandas as pd
import pytest

from ces_nlp.ingest import CesScale
from ces_nlp.report import build_report, write_report

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DRIVERS = ["repeating_problem", "channel_switching", "transfers", "repeat_contacts"]


def _open_offline(page, path: Path) -> list[str]:
    """Load a local file while refusing every request that is not for that file; returns refused URLs."""
    refused = []

    def guard(route):
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return refused


@pytest.fixture(scope="module")
def report_html(tmp_path_factory, demo_truth) -> Path:
    df = demo_truth
    rep = build_report(df, DRIVERS, CesScale(), ces="ces", text="comment", by=df["channel"].to_numpy(),
                       by_name="channel", dates=pd.to_datetime(df["submitted_at"]).to_numpy(), period="month",
                       source="demo (2,000 rows)", n_boot=300)
    return write_report(rep, tmp_path_factory.mktemp("html") / "report.html")


def test_charts_render_without_errors(page, report_html):
    refused = _open_offline(page, report_html)
    assert refused == []
    assert page.errors == []
    charts = page.locator("svg.chart")
    assert charts.count() >= 6  # impact, responses per CES, frequency lines, importance, trend shares, trend CES
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, (i, box)
    # each chart kind has drawn its marks
    assert page.locator("svg.chart-hbars rect.bar").count() >= len(DRIVERS)
    assert page.locator("svg.chart-bars rect.bar").count() == 7
    assert page.locator("svg.chart-frequency polyline.series").count() == len(DRIVERS)
    assert page.locator("svg.chart-trend polyline.series").count() == len(DRIVERS)
    assert page.locator("svg.chart-trend circle.point").count() == 12 * len(DRIVERS)
    summary = page.locator("#summary").inner_text()
    assert "costs the most effort" in summary
    # a laptop screen: nothing wider than the viewport
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    overflow = page.evaluate("[...document.querySelectorAll('.tablewrap')]"
                             ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.closest('section').id)")
    assert overflow == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_small_sample_flags_are_visible(page, tmp_path, demo_truth):
    df = demo_truth.head(40)
    rep = build_report(df, DRIVERS, CesScale(), ces="ces", text="comment", n_boot=100)
    path = write_report(rep, tmp_path / "small.html")
    _open_offline(page, path)
    assert page.errors == []
    flags = page.locator("span.small")
    assert flags.count() > 0 and flags.first.is_visible()
    assert "fewer than 30" in flags.first.get_attribute("title")
