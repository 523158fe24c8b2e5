"""Tests for ces_nlp.demo, the seeded demo survey export generator."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

# Make the project importable when pytest is started from another directory
# (the project has no installed package / pytest config of its own).
_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from ces_nlp import demo  # noqa: E402
from ces_nlp.demo import DRIVERS, generate_export  # noqa: E402

BASE_COLUMNS = ["response_id", "submitted_at", "channel", "team", "ces", "comment"]
TRUTH_COLUMNS = BASE_COLUMNS + ["true_lang", "true_drivers"]


@pytest.fixture(scope="module")
def df5k() -> pd.DataFrame:
    return generate_export(5000, seed=42, with_truth=True)


@pytest.fixture(scope="module")
def df40k() -> pd.DataFrame:
    return generate_export(40_000, seed=3, with_truth=True)


def _nonempty(df: pd.DataFrame) -> pd.Series:
    return df["comment"].str.strip() != ""


def _has(df: pd.DataFrame, driver: str) -> pd.Series:
    return df["true_drivers"].str.split(";").apply(lambda ids: driver in ids)


# --- determinism -------------------------------------------------------------

def test_same_seed_gives_identical_frame():
    a = generate_export(3000, seed=11, with_truth=True)
    b = generate_export(3000, seed=11, with_truth=True)
    pd.testing.assert_frame_equal(a, b)


def test_different_seed_differs():
    a = generate_export(3000, seed=11)
    b = generate_export(3000, seed=12)
    assert not a.equals(b)
    assert (a["comment"] != b["comment"]).mean() > 0.5


def test_with_truth_does_not_change_the_export():
    plain = generate_export(2000, seed=5)
    truth = generate_export(2000, seed=5, with_truth=True)
    pd.testing.assert_frame_equal(plain, truth[BASE_COLUMNS])


# --- schema ----------------------------------------------------------------

def test_columns_and_dtypes(df5k):
    plain = generate_export(500)
    assert list(plain.columns) == BASE_COLUMNS
    assert list(df5k.columns) == TRUTH_COLUMNS
    assert len(df5k) == 5000
    assert pd.api.types.is_integer_dtype(df5k["ces"])
    for col in TRUTH_COLUMNS:
        if col != "ces":
            assert pd.api.types.is_string_dtype(df5k[col]), col
            assert df5k[col].notna().all(), col


def test_ids_dates_and_categories(df5k):
    assert df5k["response_id"].iloc[0] == "R000001"
    assert df5k["response_id"].str.fullmatch(r"R\d{6}").all()
    assert df5k["response_id"].is_unique
    assert df5k["submitted_at"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    dates = pd.to_datetime(df5k["submitted_at"], format="%Y-%m-%d")
    assert dates.min() >= pd.Timestamp("2025-01-01")
    assert dates.max() <= pd.Timestamp("2025-12-31")
    assert dates.is_monotonic_increasing
    weekend = dates.dt.day_of_week >= 5
    assert weekend.mean() < 2 / 7  # fewer responses on weekends
    assert set(df5k["channel"]) == {"phone", "chat", "email", "web", "app", "shop"}
    assert set(df5k["team"]) == {"Billing", "Technical Support", "Sales", "Onboarding", "Retention"}
    assert df5k["channel"].value_counts().index[0] == "phone"


def test_start_and_days_are_respected():
    df = generate_export(1000, seed=1, start="2024-03-10", days=30)
    assert df["submitted_at"].min() >= "2024-03-10"
    assert df["submitted_at"].max() <= "2024-04-08"
    assert generate_export(7, days=1)["submitted_at"].nunique() == 1


def test_zero_rows():
    df = generate_export(0, with_truth=True)
    assert list(df.columns) == TRUTH_COLUMNS
    assert len(df) == 0


# --- content ---------------------------------------------------------------

def test_ces_range(df5k):
    assert df5k["ces"].between(1, 7).all()
    assert df5k["ces"].nunique() == 7


def test_share_of_empty_comments(df5k):
    empty = ~_nonempty(df5k)
    assert 0.10 <= empty.mean() <= 0.20
    assert (df5k["comment"] == "").any()
    assert ((df5k["comment"] != "") & empty).any()  # some whitespace-only
    assert (df5k.loc[empty, "true_drivers"] == "").all()
    assert (df5k.loc[empty, "true_lang"] == "").all()


def test_all_languages_present(df5k):
    langs = df5k.loc[_nonempty(df5k), "true_lang"]
    assert set(langs) == {"en", "de", "nl", "et", "other"}
    assert (df5k.loc[_nonempty(df5k), "true_lang"] != "").all()


def test_language_shares(df40k):
    share = df40k.loc[_nonempty(df40k), "true_lang"].value_counts(normalize=True)
    for lang, expected in zip(demo.LANGUAGES, demo.LANGUAGE_SHARES):
        assert abs(share[lang] - expected) < 0.02, lang


def test_true_drivers_only_known_ids_in_fixed_order(df5k):
    for value in df5k["true_drivers"].unique():
        if value == "":
            continue
        ids = value.split(";")
        assert set(ids) <= set(DRIVERS), value
        assert ids == sorted(ids, key=DRIVERS.index), value
        assert len(ids) == len(set(ids)), value


def test_transfers_raise_ces(df5k):
    ne = df5k[_nonempty(df5k)]
    with_transfer = _has(ne, "transfers")
    assert with_transfer.any() and (~with_transfer).any()
    assert ne.loc[with_transfer, "ces"].mean() > ne.loc[~with_transfer, "ces"].mean()


def test_every_driver_raises_ces_and_none_share(df40k):
    ne = df40k[_nonempty(df40k)]
    assert 0.40 <= (ne["true_drivers"] == "").mean() <= 0.50
    for d in DRIVERS:
        has = _has(ne, d)
        assert ne.loc[has, "ces"].mean() > ne.loc[~has, "ces"].mean() + 0.4, d


def test_trends(df40k):
    ne = df40k[_nonempty(df40k)]
    second_half = ne["submitted_at"] >= "2025-07-02"
    tr, rc = _has(ne, "transfers"), _has(ne, "repeat_contacts")
    assert tr[second_half].mean() > tr[~second_half].mean() + 0.05
    assert rc[second_half].mean() < rc[~second_half].mean() - 0.02


def test_comment_text_matches_language(df5k):
    ne = df5k[_nonempty(df5k)]
    # spot checks: language-specific function words show up where expected
    assert ne.loc[ne["true_lang"] == "de", "comment"].str.contains(r"\b(?:ich|nicht|und|der|die)\b", case=False).mean() > 0.3
    assert ne.loc[ne["true_lang"] == "nl", "comment"].str.contains(r"\b(?:ik|niet|de|het|een)\b", case=False).mean() > 0.3
    assert ne.loc[ne["true_lang"] == "et", "comment"].str.contains(r"\b(?:pidin|ei|mind|ja|oli)\b", case=False).mean() > 0.3
    # some comments are fully lower case
    lower = ne["comment"] == ne["comment"].str.lower()
    assert 0.1 < lower.mean() < 0.5


# --- phrase banks ------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "de", "nl", "et"])
def test_phrase_bank_sizes(lang):
    bank = demo._BANKS[lang]
    for d in DRIVERS:
        assert len(set(bank[d])) >= 15, (lang, d)
    none_keys = ["praise", "complaint", "vague", "neutral"] + ["neg_" + d for d in DRIVERS]
    assert sum(len(set(bank[k])) for k in none_keys) >= 25, lang
    clauses = [c for k in bank for c in bank[k]]
    assert len(clauses) == len(set(clauses)), f"duplicate clause in {lang}"


def test_clauses_are_clean():
    for lang, bank in demo._BANKS.items():
        assert set(bank) == set(demo._CATEGORIES), lang
        for cat, clauses in bank.items():
            assert clauses, (lang, cat)
            for c in clauses:
                assert c == c.strip() and c, (lang, cat, c)
                assert not re.search(r"[.!?;,:]$", c), (lang, cat, c)


def test_invalid_arguments():
    with pytest.raises(ValueError):
        generate_export(-1)
    with pytest.raises(ValueError):
        generate_export(10, days=0)
