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
