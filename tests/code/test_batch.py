"""The per-run cache of scored texts: every row gets its own text's result, each text is scored once."""

from concurrent.futures import Future

import numpy as np
import pandas as pd

from ces_nlp.batch import _CachedScorer


class FakeScorer:
    """Scores a text as (its length, ...) so a mix-up between texts shows; records what it was sent."""

    def __init__(self):
        self.sent = []

    def submit(self, texts):
        self.sent.append(list(texts))
        fut = Future()
        fut.set_result(([f"l{len(t)}" for t in texts], np.array([[len(t), len(t) / 10] for t in texts], float)))
        return fut

    def shutdown(self):
        pass


def _expected(texts):
    return [f"l{len(t)}" for t in texts], np.array([[len(t), len(t) / 10] for t in texts], float)


def test_repeats_across_chunks_are_not_rescored_and_rows_get_their_own_result():
    fake = FakeScorer()
    cache = _CachedScorer(fake, 2)
    a = pd.Series(["a", "bb", "a", "ccc"])
    b = pd.Series(["bb", "dddd", "ccc", "eeeee", "dddd"])
    # both chunks in flight before either result is read: "bb"/"ccc" are new to both
    ha, hb = cache.submit(a), cache.submit(b)
    for handle, texts in ((ha, a), (hb, b)):
        langs, proba = cache.result(handle)
        want_l, want_p = _expected(texts)
        assert list(langs) == want_l and np.array_equal(proba, want_p)
    hc = cache.submit(pd.Series(["eeeee", "a", "ffffff", "bb"]))
    langs, proba = cache.result(hc)
    assert list(langs) == ["l5", "l1", "l6", "l2"] and proba[:, 0].tolist() == [5, 1, 6, 2]
    assert fake.sent[-1] == ["ffffff"]
    assert cache.scored == 3 + 4 + 1


def test_a_full_cache_keeps_scoring_correctly():
    fake = FakeScorer()
    cache = _CachedScorer(fake, 2, max_entries=2)
    texts = pd.Series(["x" * n for n in range(1, 2000)])
    langs, proba = cache.result(cache.submit(texts))
    assert proba[:, 0].tolist() == list(range(1, 2000))
    langs, proba = cache.result(cache.submit(texts[::-1].reset_index(drop=True)))
    assert proba[:, 0].tolist() == list(range(1999, 0, -1))
    assert len(fake.sent[-1]) == 1997
