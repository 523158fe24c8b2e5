"""The gold set: schema, size, balance, hard negatives and split hygiene."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from ces_nlp.dataset import ALL_TAGS, HARD_NEGATIVE_TAGS, SPLITS, build_gold, load_labelled, normalise_for_dedup
from ces_nlp.errors import InputError
from ces_nlp.evaluate import annotator_agreement
from ces_nlp.paths import GOLD_CORRECTIONS_FILE, GOLD_FILE, GOLD_RAW_DIR, GOLD_SECOND_ANNOTATION


@pytest.fixture(scope="module")
def plain(taxonomy):
    """The gold table built from the raw files without the corrections file."""
    return build_gold(GOLD_RAW_DIR, taxonomy.ids)


def test_schema_and_label_values(gold, taxonomy):
    df = gold.frame
    assert list(df.columns[:4]) == ["id", "lang", "split", "text"]
    assert set(taxonomy.ids) <= set(df.columns)
    assert df["id"].is_unique
    assert set(df["split"]) == set(SPLITS)
    assert set(df["lang"]) == {"en", "de", "nl", "et"}
    assert set(np.unique(gold.Y)) == {0, 1}
    tags = {t for ts in gold.tags for t in ts}
    assert tags <= ALL_TAGS


def test_size_per_language_and_driver(gold, taxonomy):
    assert len(gold) >= 1600
    langs = np.array(gold.langs)
    for lang in ("en", "de", "nl", "et"):
        sub = gold.Y[langs == lang]
        assert len(sub) >= 400, lang
        for j, d in enumerate(taxonomy.ids):
            assert sub[:, j].sum() >= 60, (lang, d)


def test_at_least_30_percent_hard_negatives(gold):
    assert gold.hard_negative.mean() >= 0.30
    for tag in HARD_NEGATIVE_TAGS:
        assert sum(tag in t for t in gold.tags) >= 20, tag


def test_style_variety(gold):
    for tag in ("typo", "lowercase", "abbreviation", "mixed_language", "irony"):
        assert sum(tag in t for t in gold.tags) >= 30, tag


def test_no_duplicate_texts_across_or_within_splits(gold):
    keys = [normalise_for_dedup(t) for t in gold.texts]
    assert len(keys) == len(set(keys))


def test_every_split_has_every_language_and_driver(gold, taxonomy):
    for split in SPLITS:
        part = gold.split(split)
        assert set(part.langs) == {"en", "de", "nl", "et"}, split
        assert (part.Y.sum(axis=0) > 0).all(), split


def test_gold_csv_is_the_build_of_the_raw_files(taxonomy):
    """The shipped gold.csv is exactly what scripts/build_gold.py makes from data/gold/raw."""
    rebuilt = build_gold(GOLD_RAW_DIR, taxonomy.ids, corrections=GOLD_CORRECTIONS_FILE)
    shipped = pd.read_csv(GOLD_FILE, dtype=str, keep_default_na=False)
    assert rebuilt.astype(str).reset_index(drop=True).equals(shipped)


def test_demo_export_is_shipped_and_large_enough():
    from ces_nlp.ingest import read_export
    from ces_nlp.paths import DEMO_EXPORT

    exp = read_export(DEMO_EXPORT)
    s = exp.summary()
    assert s["rows"] >= 5000 and s["rejected"] == 0 and 0 < s["no_comment"] < s["rows"] * 0.3
    assert {"response_id", "submitted_at", "channel", "team", "ces", "comment"} <= set(exp.frame.columns)


def test_a_new_batch_never_moves_existing_rows_to_another_split(tmp_path, taxonomy):
    """Rows of earlier batches keep their split and id when a later batch file is added."""
    raw = tmp_path / "raw"
    shutil.copytree(GOLD_RAW_DIR, raw)
    before = build_gold(raw, taxonomy.ids)
    batches = [int(p.stem.split("_")[1]) for p in raw.glob("*_*.jsonl")]
    new_file = raw / f"en_{max(batches) + 1}.jsonl"
    rows = [{"text": f"made-up answer number {i} about being put through twice", "labels": ["transfers"],
             "tags": []} for i in range(40)]
    rows += [{"text": f"made-up answer number {i}, all fine", "labels": [], "tags": ["praise"]} for i in range(40)]
    # a copy of an older Estonian answer filed under English ("en" sorts before "et"): the older row stays
    older = before[before["lang"] == "et"].iloc[-1]
    rows.append({"text": older["text"].upper(), "labels": [], "tags": ["vague"]})
    new_file.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    after = build_gold(raw, taxonomy.ids)
    merged = before.merge(after, on="text", suffixes=("_before", "_after"))
    assert len(merged) == len(before)
    assert (merged["split_before"] == merged["split_after"]).all()
    # nor renumbers them, even when the new file's name sorts before older ones ("en_10" < "en_2")
    assert (merged["id_before"] == merged["id_after"]).all()
    added = after[~after["text"].isin(before["text"])]
    assert len(added) == 80 and set(added["split"]) == {"train", "dev", "test"}


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_a_correction_relabels_an_answer_and_keeps_its_split_and_id(tmp_path, taxonomy, plain):
    row = plain[(plain["lang"] == "de") & (plain[taxonomy.ids].sum(axis=1) == 0)].iloc[5]
    fix = tmp_path / "corrections.jsonl"
    # the text may differ in case and spacing from the raw file
    _write_jsonl(fix, [{"lang": "de", "text": "  " + row["text"].upper(), "was": [], "labels": ["transfers"],
                        "reason": "test"}])
    fixed = build_gold(GOLD_RAW_DIR, taxonomy.ids, corrections=fix)
    after = fixed.set_index("id").loc[row["id"]]
    assert after["text"] == row["text"] and after["split"] == row["split"]
    assert after["transfers"] == 1 and after[["repeating_problem", "channel_switching", "repeat_contacts"]].sum() == 0
    others = fixed["id"] != row["id"]
    assert fixed[others].reset_index(drop=True).equals(plain[plain["id"] != row["id"]].reset_index(drop=True))


@pytest.mark.parametrize("entry, message", [
    ({"lang": "en", "text": "no such answer anywhere in the gold set", "was": [], "labels": ["transfers"],
      "reason": "x"}, "matches no en answer"),
    ({"lang": "de", "text": None, "was": ["repeat_contacts"], "labels": ["transfers"], "reason": "x"},
     "expects labels"),
    ({"lang": "de", "text": None, "was": [], "labels": [], "reason": "x"}, "does not change"),
    ({"lang": "de", "text": None, "was": [], "labels": ["transfer"], "reason": "x"}, "unknown label"),
    ({"lang": "de", "text": None, "was": [], "labels": ["transfers"], "reason": " "}, "a reason"),
])
def test_a_bad_correction_is_refused_with_its_line(tmp_path, taxonomy, plain, entry, message):
    none_de = plain[(plain["lang"] == "de") & (plain[taxonomy.ids].sum(axis=1) == 0)]["text"].iloc[0]
    fix = tmp_path / "corrections.jsonl"
    _write_jsonl(fix, [{**entry, "text": entry["text"] or none_de}])
    with pytest.raises(InputError, match=message) as err:
        build_gold(GOLD_RAW_DIR, taxonomy.ids, corrections=fix)
    assert err.value.row == 1


def test_the_same_answer_cannot_be_corrected_twice(tmp_path, taxonomy, plain):
    text = plain[(plain["lang"] == "nl") & (plain[taxonomy.ids].sum(axis=1) == 0)]["text"].iloc[0]
    fix = tmp_path / "corrections.jsonl"
    entry = {"lang": "nl", "text": text, "was": [], "labels": ["transfers"], "reason": "x"}
    _write_jsonl(fix, [entry, entry])
    with pytest.raises(InputError, match="second correction"):
        build_gold(GOLD_RAW_DIR, taxonomy.ids, corrections=fix)


def test_second_annotation_covers_test_rows_of_every_language_and_agrees_by_the_card(gold, taxonomy):
    second = load_labelled(GOLD_SECOND_ANNOTATION, taxonomy)
    test = gold.split("test")
    assert set(second.frame["id"]) <= set(test.frame["id"]) and len(set(second.frame["id"])) == len(second)
    assert set(second.langs) == {"en", "de", "nl", "et"}
    # the text column is the gold text of that id
    texts = dict(zip(gold.frame["id"], gold.texts))
    assert all(texts[i] == t for i, t in zip(second.frame["id"], second.texts))
    a = annotator_agreement(gold, second)
    card = (GOLD_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert f"macro-F1 {a['macro_f1']:.3f}" in card and f"{a['rows_differing']} of {a['n']} answers differ" in card
