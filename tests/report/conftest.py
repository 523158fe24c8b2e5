"""Hand-made fixtures for the report tests: small tables whose statistics are worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from report_data import ROWS


@pytest.fixture()
def tiny() -> pd.DataFrame:
    """Ten classified responses on a 1-7 scale (higher = more effort); the last two have no comment."""
    df = pd.DataFrame(ROWS, columns=["ces", "drivers", "comment", "submitted_at", "channel"])
    df["lang"] = ["en" if c.strip() else "" for c in df["comment"]]
    df.loc[[2, 3], "lang"] = "de"
    return df


@pytest.fixture(scope="session")
def demo_truth() -> pd.DataFrame:
    """2,000 seeded demo responses with their true drivers and language standing in for a classifier's output."""
    from ces_nlp.demo import generate_export

    df = generate_export(n_rows=2000, seed=7, with_truth=True)
    return df.rename(columns={"true_drivers": "drivers", "true_lang": "lang"})
