"""Shared fixtures: expensive objects are built once per session."""

from __future__ import annotations

import pytest

from ces_nlp.paths import GOLD_FILE


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False, help="also run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def taxonomy():
    from ces_nlp.taxonomy import load_taxonomy

    return load_taxonomy()


@pytest.fixture(scope="session")
def gold(taxonomy):
    from ces_nlp.dataset import load_labelled

    return load_labelled(GOLD_FILE, taxonomy)


@pytest.fixture(scope="session")
def shipped_model():
    from ces_nlp.artifact import load_model

    return load_model()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download). Skipped where Chromium is
    missing, except under CI=true, where .ci/run installs it and a missing browser is a failure."""
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} not found; .ci/run installs the Debian 'chromium' package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A fresh page that records console errors and page errors in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    context.close()
