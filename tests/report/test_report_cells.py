import numpy as np
import pandas as pd
import pytest

from report_data import DRIVERS
from ces_nlp.errors import ReportError
from ces_nlp.report import CELL_COLUMNS, cells_from_frame, driver_masks, merge_cells, period_key


def test_period_key_month_and_iso_week_across_year_ends():
    dates = pd.to_datetime(pd.Series(["2025-01-31", "2024-12-30", "2021-01-03", None, "2025-12-31 23:59"]), format="mixed")
    assert period_key(dates, "month").tolist() == ["2025-01", "2024-12", "2021-01", "", "2025-12"]
    # 2024-12-30 is Monday of ISO week 1 of 2025; 2021-01-03 is Sunday of 2020's week 53
    assert period_key(dates, "week").tolist() == ["2025-W05", "2025-W01", "2020-W53", "", "2026-W01"]


def test_period_key_rejects_unknown_period():
    with pytest.raises(ReportError, match="quarter"):
        period_key(pd.Series(pd.to_datetime(["2025-01-01"])), "quarter")


def test_driver_masks_sets_one_bit_per_driver_and_names_unknown_ids():
    m = driver_masks(pd.Series(["", "transfers", "repeat_contacts;transfers", None, "never"]), DRIVERS)
    assert m.tolist() == [0, 1, 3, 0, 4]
    with pytest.raises(ReportError, match="'long_wait'"):
        driver_masks(pd.Series(["transfers;long_wait"]), DRIVERS)


def test_cells_count_identical_rows(tiny):
    cells = cells_from_frame(tiny, DRIVERS, ces="ces", has_comment=tiny["comment"].str.strip().ne(""),
                             lang="lang", dates=pd.to_datetime(tiny["submitted_at"]), period="month", by="channel")
    assert list(cells.columns) == list(CELL_COLUMNS)
    assert cells["n"].sum() == 10
    assert len(cells) == 10  # every row differs in some key
    row = cells[(cells["ces"] == 7) & cells["commented"]].iloc[0]
    assert (row["period"], row["group"], row["lang"], row["mask"], row["n"]) == ("2025-01", "phone", "en", 3, 1)
    blank = cells[~cells["commented"]]
    assert set(blank["lang"]) == {""} and set(blank["mask"]) == {0}
    assert cells["mask"].dtype == np.int64 and cells["n"].dtype == np.int64


def test_cells_collapse_duplicates_and_drop_rows_without_ces():
    df = pd.DataFrame({"ces": [3, 3, 3, np.nan, 5], "drivers": ["never", "never", "never", "never", ""],
                       "lang": ["en", "en", "en", "en", "en"]})
    cells = cells_from_frame(df, DRIVERS, ces="ces", has_comment=[True] * 5, lang="lang")
    assert cells[["ces", "mask", "n"]].values.tolist() == [[3.0, 4, 3], [5.0, 0, 1]]
    assert set(cells["period"]) == {""} and set(cells["group"]) == {""}


def test_merge_of_chunks_equals_whole_table(demo_truth):
    df = demo_truth
    kw = dict(ces="ces", lang="lang", period="week", by="team")
    whole = cells_from_frame(df, DRIVERS_DEMO, has_comment=df["comment"].str.strip().ne("").to_numpy(),
                             dates=pd.to_datetime(df["submitted_at"]).to_numpy(), **kw)
    parts = []
    for chunk in np.array_split(np.arange(len(df)), 3)[::-1]:  # reversed order on purpose
        sub = df.iloc[chunk]
        parts.append(cells_from_frame(sub, DRIVERS_DEMO, has_comment=sub["comment"].str.strip().ne("").to_numpy(),
                                      dates=pd.to_datetime(sub["submitted_at"]).to_numpy(), **kw))
    merged = merge_cells(parts)
    pd.testing.assert_frame_equal(merged, whole)
    # counts checked against a plain pandas group-by on the rows
    assert merged["n"].sum() == len(df)
    by_team = merged.groupby("group")["n"].sum().sort_index()
    pd.testing.assert_series_equal(by_team, df["team"].value_counts().sort_index(), check_names=False)


DRIVERS_DEMO = ["repeating_problem", "channel_switching", "transfers", "repeat_contacts"]


def test_merge_cells_requires_the_cell_columns():
    with pytest.raises(ReportError, match="mask"):
        merge_cells([pd.DataFrame({"period": [""], "n": [1]})])
    assert merge_cells([]).empty


def test_group_and_language_values_are_trimmed_and_missing_ones_blank():
    df = pd.DataFrame({"ces": [1, 2, 3, 4], "drivers": ["", "", "", ""], "channel": ["phone", " phone", None, "chat"],
                       "lang": ["en", None, "en ", "de"]})
    cells = cells_from_frame(df, DRIVERS, ces="ces", has_comment=[True, True, True, False], lang="lang", by="channel")
    assert cells.groupby("group")["n"].sum().to_dict() == {"": 1, "chat": 1, "phone": 2}
    assert cells.groupby("lang")["n"].sum().to_dict() == {"": 2, "en": 2}
