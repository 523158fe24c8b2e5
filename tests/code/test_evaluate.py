"""Scoring code: per-driver counts, agreement between two annotations, learning curves."""

import numpy as np
import pandas as pd
import pytest

from ces_nlp.dataset import LabelledSet
from ces_nlp.errors import InputError
from ces_nlp.dataset import mixed_with_other_answers
from ces_nlp.evaluate import annotator_agreement, cohen_kappa, evaluate_predictions, learning_curve

DRIVERS = ["a", "b"]


def labelled(ids, Y, langs=None):
    Y = np.asarray(Y, dtype=int)
    langs = langs or ["en"] * len(ids)
    frame = pd.DataFrame({"id": ids, "lang": langs, "text": [f"t{i}" for i in ids]})
    return LabelledSet(frame=frame, texts=list(frame["text"]), Y=Y, drivers=DRIVERS, langs=langs,
                       tags=[frozenset()] * len(ids))


def test_per_driver_counts_and_macro_f1():
    data = labelled([1, 2, 3, 4], [[1, 0], [1, 1], [0, 0], [0, 1]])
    r = evaluate_predictions(data, [[1, 0], [0, 1], [1, 0], [0, 1]])
    assert r["per_driver"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "tp": 1, "fp": 1, "fn": 1}
    assert r["per_driver"]["b"]["f1"] == 1.0
    assert r["macro_f1"] == 0.75
    assert r["none_fpr"] == {"n": 1, "false_positives": 1, "rate": 1.0}


def test_kappa_is_one_for_identical_labels_and_zero_at_chance():
    assert cohen_kappa([1, 0, 1, 0], [1, 0, 1, 0]) == 1.0
    # independent halves: observed agreement 0.5 equals chance agreement 0.5
    assert cohen_kappa([1, 1, 0, 0], [1, 0, 1, 0]) == 0.0
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None


def test_agreement_matches_rows_by_id_not_by_position():
    first = labelled(["x", "y", "z"], [[1, 0], [0, 1], [0, 0]], langs=["en", "de", "de"])
    same_rows_reordered = labelled(["z", "x", "y"], [[0, 0], [1, 0], [0, 1]])
    r = annotator_agreement(first, same_rows_reordered)
    assert r["macro_f1"] == 1.0 and r["rows_differing"] == 0 and r["kappa"] == {"a": 1.0, "b": 1.0}
    one_flip = labelled(["z", "x", "y"], [[0, 1], [1, 0], [0, 1]])
    r = annotator_agreement(first, one_flip)
    assert r["rows_differing"] == 1 and r["per_driver"]["b"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["per_language"] == {"de": pytest.approx(2 / 3, abs=1e-4), "en": 1.0}


def test_agreement_refuses_ids_missing_from_the_first_annotation():
    with pytest.raises(ValueError, match="not in the first"):
        annotator_agreement(labelled(["x"], [[1, 0]]), labelled(["q"], [[1, 0]]))


class Memoriser:
    """Predicts the labels of texts it was trained on, none otherwise; records what it saw."""
    fitted: list = []

    def fit(self, texts, Y):
        self.seen = dict(zip(texts, map(tuple, Y)))
        Memoriser.fitted.append(set(texts))
        return self

    def predict(self, texts):
        return np.array([self.seen.get(t, (0, 0)) for t in texts])


def test_learning_curve_fits_nested_shares_and_scores_the_held_out_rows():
    ids = list(range(40))
    data = labelled(ids, [[i % 2, (i // 2) % 2] for i in ids])
    Memoriser.fitted = []
    rows = learning_curve(data, data, lambda part: Memoriser().fit(part.texts, part.Y), fractions=(1.0, 0.25, 0.5),
                          seeds=(3,))
    assert [r["rows"] for r in rows] == [10, 20, 40]
    small, mid, full = Memoriser.fitted
    assert small < mid < full == set(data.texts)
    assert rows[-1]["macro_f1"] == 1.0  # every held-out row was seen
    assert rows[0]["macro_f1"] < rows[1]["macro_f1"] < 1.0
    assert set(rows[0]["per_language"]) == {"en"}


def test_learning_curve_refuses_a_share_outside_zero_to_one():
    data = labelled([1, 2], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="fractions"):
        learning_curve(data, data, lambda part: Memoriser().fit(part.texts, part.Y), fractions=(0.5, 1.5))


def test_mixed_with_other_answers_joins_driver_free_answers_of_the_same_language():
    data = labelled([1, 2, 3, 4, 5, 6, 7], [[1, 0], [0, 1], [0, 0], [0, 0], [0, 0], [1, 1], [0, 0]],
                    langs=["en", "en", "en", "en", "de", "de", "de"])
    data.tags = [frozenset()] * 3 + [frozenset({"negation"})] + [frozenset({"praise"}), frozenset(), frozenset()]
    mixed = mixed_with_other_answers(data, seed=1)
    assert np.array_equal(mixed.Y, data.Y) and mixed.langs == data.langs and len(mixed) == len(data)
    fillers = {"en": {"t3"}, "de": {"t5", "t7"}}
    for original, text, lang in zip(data.texts, mixed.texts, data.langs):
        words = text.split()
        assert original in words and len(words) == 2
        other = words[0] if words[1] == original else words[1]
        assert other != original
        # t4 is a negated mention and never a filler; "en" has one filler, so t3 borrows from the whole pool
        assert other in (fillers[lang] if original != "t3" else {"t5", "t7"})
    assert mixed_with_other_answers(data, seed=1).texts == mixed.texts
    with pytest.raises(InputError, match="without a driver"):
        mixed_with_other_answers(labelled([1, 2], [[1, 0], [0, 0]]))
