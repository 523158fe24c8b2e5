"""Training rows: gold parts, mixed copies and weak rows stacked for the classifier."""

import numpy as np
import pandas as pd

from ces_nlp.dataset import LabelledSet
from ces_nlp.train import TrainConfig, _stack


def labelled(texts, Y, tags):
    frame = pd.DataFrame({"text": texts, "lang": ["en"] * len(texts)})
    return LabelledSet(frame=frame, texts=list(texts), Y=np.asarray(Y, dtype=int), drivers=["a", "b"],
                       langs=["en"] * len(texts), tags=[frozenset(t) for t in tags])


TRAIN = labelled([f"driver a <{i}>" for i in range(20)] + [f"lovely staff <{i}>" for i in range(10)] + ["not a at all"],
                 [[1, 0]] * 20 + [[0, 0]] * 11, [()] * 20 + [("praise",)] * 10 + [("negation",)])
DEV = labelled(["driver b", "nice shop"], [[0, 1], [0, 0]], [(), ()])


def test_mixed_copies_join_a_seeded_share_with_driver_free_answers():
    cfg = TrainConfig(mixed_copies=0.5, mixed_weight=0.25)
    rows = _stack([TRAIN, DEV], None, cfg)
    texts, Y, W, gold, none_rows, derived = rows
    n = len(TRAIN) + len(DEV)
    assert texts[:n] == TRAIN.texts + DEV.texts and gold[:n].all() and not gold[n:].any()
    assert (rows.written == gold).all()  # no weak rows here
    assert (derived[:n] == -1).all() and (derived[n:] >= 0).all()
    copies = texts[n:]
    assert 0 < len(copies) < n and (W[n:] == 0.25).all() and (W[:n] == 1.0).all()
    fillers = set(TRAIN.texts[20:30] + ["nice shop"])
    originals = TRAIN.texts + DEV.texts
    labels = np.vstack([TRAIN.Y, DEV.Y])
    for text, (i, j) in zip(copies, derived[n:]):
        # a copy names the row it copies first, then the driver-free answer it was joined with
        assert text in (f"{originals[i]} {originals[j]}", f"{originals[j]} {originals[i]}")
        assert originals[j] in fillers and (Y[n + copies.index(text)] == labels[i]).all()
    for text, y, keep in zip(copies, Y[n:], none_rows[n:]):
        pairs = [(i, j) for i, a in enumerate(originals) for j, b in enumerate(originals) if text in (f"{a} {b}", f"{b} {a}")]
        assert pairs, text
        # one side is a driver-free answer, the other the row the copy carries labels and none-head use of
        assert any(originals[j] in fillers and (labels[i] == y).all() and none_rows[i] == keep for i, j in pairs)
    assert _stack([TRAIN, DEV], None, cfg)[0] == texts  # seeded
    assert len(_stack([TRAIN, DEV], None, TrainConfig(mixed_copies=0.0))[0]) == n
    assert len(_stack([TRAIN, DEV], None)[0]) == n


def test_no_mixed_copies_without_driver_free_answers():
    only_drivers = labelled(["driver a", "driver b"], [[1, 0], [0, 1]], [(), ()])
    said = []
    texts = _stack([only_drivers], None, TrainConfig(mixed_copies=1.0), said.append)[0]
    assert texts == only_drivers.texts and said and "no mixed copies" in said[0]


def test_fit_pipeline_fits_as_train_does():
    from ces_nlp.train import fit_pipeline

    class Ids:  # a taxonomy as far as training reads it
        ids = ["a", "b"]

    data = labelled(TRAIN.texts + [f"driver b <{i}>" for i in range(20)],
                    np.vstack([TRAIN.Y, [[0, 1]] * 20]), [tuple(t) for t in TRAIN.tags] + [()] * 20)
    est = fit_pipeline(data, Ids(), TrainConfig(mixed_copies=0.5))
    clf = est[-1]
    # rows: the 51 gold rows plus their mixed copies; the none head skips the 10 praise rows and their copies
    assert clf.n_rows_ > len(data) and clf.none_head_rows_ < clf.n_rows_ - 10
    assert est.predict(["driver a <99>", "driver b <99>"]).tolist() == [[1, 0], [0, 1]]
    # the vocabulary comes from the answers as written: no word bigram or skip pair across a mixed
    # copy's join, and only features found in at least two answers
    from collections import Counter

    from ces_nlp.text import views
    words = dict(est.named_steps["features"].named_steps["union"].transformer_list)["words"]
    df = Counter(g for t in data.texts for g in set(words.analyzer(views(t))))
    assert set(words.vocabulary_) == {g for g, n in df.items() if n >= words.min_df}
    assert words.min_df == 2 and any("\t" in g for g in words.vocabulary_)
