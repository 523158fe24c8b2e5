"""The managers' dashboard in headless Chromium against a real uvicorn server."""

from __future__ import annotations

import httpx
import pandas as pd
import pytest

from service.app import create_app

from .conftest import API_KEY, demo_items, make_settings, running_server


@pytest.fixture(scope="module")
def live(tmp_path_factory, shipped_model):
    """A running server on SQLite with 300 demo responses stored; yields (base URL, items)."""
    db = tmp_path_factory.mktemp("live") / "ces.db"
    app = create_app(make_settings(f"sqlite:///{db}"), model=shipped_model)
    with running_server(app) as base:
        items = demo_items(300, seed=61)
        r = httpx.post(f"{base}/v1/responses", json={"responses": items},
                       headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60)
        assert r.status_code == 200
        yield base, items


def open_dashboard(page, base, key):
    page.goto(f"{base}/dashboard")
    page.wait_for_selector("#key-dialog[open]")
    page.fill("#key-input", key)
    page.click("#key-submit")


def responses_shown(page) -> int:
    return int(page.text_content('[data-metric="Responses"]').replace(",", ""))


def wait_for_count(page, n: int) -> None:
    """Wait until the overview shows ``n`` responses (fails by timeout if it never does)."""
    page.wait_for_function("n => document.body.dataset.state === 'ready' && Number(document.querySelector("
                           "'[data-metric=\"Responses\"]').textContent.replace(/,/g, '')) === n", arg=n,
                           timeout=15000)


def test_dashboard_charts_filters_and_no_errors(page, live):
    base, items = live
    frame = pd.DataFrame(items)
    requests = []
    page.on("request", lambda req: requests.append(req.url))
    open_dashboard(page, base, API_KEY)
    page.wait_for_selector("body[data-state=ready] #chart-trend svg polyline")
    assert responses_shown(page) == 300
    for chart in ("ces", "impact", "trend"):
        assert page.locator(f'[data-chart="{chart}"] svg').count() == 1
    assert page.locator('[data-chart="ces"] rect[data-kind="with"]').count() >= 1
    assert page.locator('[data-chart="trend"] polyline').count() >= 1
    assert page.locator("#summary li").count() >= 1

    phone = int((frame["channel"] == "phone").sum())
    assert 0 < phone < 300
    page.select_option("#f-channel", "phone")
    wait_for_count(page, phone)
    assert responses_shown(page) == phone

    page.select_option("#f-channel", "")
    page.fill("#f-start", "2025-07-01")
    page.dispatch_event("#f-start", "change")
    late = int((frame["submitted_at"] >= "2025-07-01").sum())
    assert 0 < late < 300 and late != phone
    wait_for_count(page, late)
    assert responses_shown(page) == late

    page.select_option("#f-period", "week")
    page.wait_for_function("document.querySelectorAll('[data-chart=\"trend\"] circle').length > 12")

    assert page.evaluate("sessionStorage.getItem('ces-api-key')") == API_KEY
    assert not any(API_KEY in url for url in requests)
    assert all(url.startswith(base) or url.startswith("data:") for url in requests)  # nothing from a CDN
    assert page.errors == []


def test_dashboard_rejects_a_wrong_key(page, live):
    base, _ = live
    open_dashboard(page, base, "not-a-key")
    page.wait_for_selector("#key-dialog[open]")
    page.wait_for_function("document.getElementById('key-error').textContent.length > 0")
    assert "not accepted" in page.text_content("#key-error")
    assert page.evaluate("sessionStorage.getItem('ces-api-key')") is None
