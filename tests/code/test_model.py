import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from ces_nlp.errors import TrainingError
from ces_nlp.model import MultiDriverClassifier, best_f1_threshold, build_pipeline

TEXTS = ([f"I was transferred to team {i}" for i in range(12)] + [f"I called {i} times about it" for i in range(12)]
         + [f"nice and quick service number {i}" for i in range(12)])
Y = np.array([[1, 0]] * 12 + [[0, 1]] * 12 + [[0, 0]] * 12)


def test_best_f1_threshold():
    y = np.array([1, 1, 0, 0])
    p = np.array([0.9, 0.6, 0.55, 0.1])
    t, f1 = best_f1_threshold(y, p, np.array([0.3, 0.58, 0.7]))
    assert t == 0.58 and f1 == 1.0


def test_pipeline_learns_and_is_reproducible():
    a = build_pipeline(["t", "r"]).fit(TEXTS, Y)
    b = build_pipeline(["t", "r"]).fit(TEXTS, Y)
    new = ["they transferred me to another team", "I called 5 times", "quick service"]
    assert a.predict(new).tolist() == [[1, 0], [0, 1], [0, 0]]
    assert np.array_equal(a.predict_proba(new), b.predict_proba(new))
    proba = a.predict_proba(new)
    assert proba.shape == (3, 2) and ((proba >= 0) & (proba <= 1)).all()
    clf = a[-1]
    assert clf.drivers_ == ["t", "r"] and clf.thresholds_.shape == (2,)


def test_unfitted_and_too_few_examples():
    with pytest.raises(NotFittedError):
        MultiDriverClassifier().predict(np.zeros((1, 3)))
    with pytest.raises(TrainingError, match="driver 'r'"):
        build_pipeline(["t", "r"]).fit(TEXTS, np.column_stack([Y[:, 0], np.eye(36, dtype=int)[0]]))


def test_sample_weights_matrix_is_accepted():
    W = np.ones_like(Y, dtype=float)
    W[:6] = 0.1
    m = build_pipeline(["t", "r"]).fit(TEXTS, Y, clf__sample_weight=W)
    assert m.predict(["I was transferred to sales"]).tolist() == [[1, 0]]


def test_compiled_scorer_gives_the_pipeline_probabilities():
    from ces_nlp.model import compile_scorer

    pipe = build_pipeline(["t", "r"]).fit(TEXTS, Y)
    scorer = compile_scorer(pipe)
    new = ["they transferred me to another team", "I called 5 times", "", "!!!", "nicht weitergeleitet, zweimal",
           "called called called transferred transferred", "unseen wörds ünïcode"]
    expected = pipe.predict_proba(new)
    assert np.allclose(scorer.proba(new), expected, atol=1e-9, rtol=0)
    assert np.allclose(np.vstack([scorer.proba_one(t) for t in new]), expected, atol=1e-9, rtol=0)
    assert scorer.proba([]).shape == (0, 2)


def test_compile_scorer_declines_other_estimators():
    from sklearn.dummy import DummyClassifier

    from ces_nlp.model import compile_scorer

    assert compile_scorer(DummyClassifier()) is None


def test_char_ngrams_match_scikit_learn_char_wb():
    from sklearn.feature_extraction.text import CountVectorizer

    from ces_nlp.model import CharNgrams

    doc = "a ab abc weitergeleitet NICHT x"
    ref = CountVectorizer(analyzer="char_wb", ngram_range=(3, 6), lowercase=False).build_analyzer()(doc)
    assert CharNgrams(3, 6)(("", doc)) == ref


def test_none_head_scales_driver_scores():
    from ces_nlp.model import _sigmoid, head_scores

    pipe = build_pipeline(["t", "r"]).fit(TEXTS, Y)
    clf = pipe[-1]
    assert clf.has_none_head_ and clf.coef_.shape[0] == 3 and clf.platt_.shape == (3, 2)
    X = pipe[0].transform(["they transferred me to another team", "nice and quick service"])
    D = clf.decision_function(X)
    p = _sigmoid(D * clf.platt_[:, 0] + clf.platt_[:, 1])
    expected = p[:, :2] * np.sqrt(1 - p[:, 2])[:, None]
    assert np.allclose(clf.predict_proba(X), expected)
    # the answer that reads as "no driver" has the higher none probability
    assert p[1, 2] > p[0, 2]
    # one row (the compiled scorer's single-text path) gives the same as a batch
    assert np.allclose(head_scores(D[0], *clf.score_params_), expected[0])


def test_without_none_head_scores_are_platt_probabilities():
    from ces_nlp.model import _sigmoid

    pipe = build_pipeline(["t", "r"], none_head=False).fit(TEXTS, Y)
    clf = pipe[-1]
    assert not clf.has_none_head_ and clf.coef_.shape[0] == 2
    X = pipe[0].transform(["I called 5 times"])
    D = clf.decision_function(X)
    assert np.allclose(clf.predict_proba(X), _sigmoid(D * clf.platt_[:, 0] + clf.platt_[:, 1]))


def test_no_none_head_when_every_row_has_a_driver():
    pipe = build_pipeline(["t", "r"]).fit(TEXTS[:24], Y[:24])
    assert not pipe[-1].has_none_head_
    assert pipe.predict(["they transferred me to another team"]).tolist() == [[1, 0]]


def test_sharpen_multiplies_the_calibrated_log_odds():
    from ces_nlp.model import _sigmoid

    plain = build_pipeline(["t", "r"], sharpen=1.0).fit(TEXTS, Y)
    sharp = build_pipeline(["t", "r"], sharpen=2.0).fit(TEXTS, Y)
    # same heads, same folds: only the Platt log-odds are doubled
    assert np.allclose(plain[-1].coef_, sharp[-1].coef_)
    assert np.allclose(sharp[-1].platt_, 2 * plain[-1].platt_)
    X = plain[0].transform(["they transferred me to another team", "nice and quick service"])
    logit = lambda p: np.log(p / (1 - p))
    p1 = _sigmoid(plain[-1].decision_function(X) * plain[-1].platt_[:, 0] + plain[-1].platt_[:, 1])
    p2 = _sigmoid(sharp[-1].decision_function(X) * sharp[-1].platt_[:, 0] + sharp[-1].platt_[:, 1])
    assert np.allclose(logit(p2), 2 * logit(p1))
    # sharper heads push clear cases further out: a transfer answer like the training ones
    # scores higher on `t`, the praise answer lower on both drivers
    texts = ["I was transferred to team 3", "nice and quick service"]
    s1, s2 = plain.predict_proba(texts), sharp.predict_proba(texts)
    assert s2[0, 0] > s1[0, 0] and (s2[1] < s1[1]).all()


def test_nb_feature_scale_favours_features_that_separate_the_classes():
    from scipy import sparse

    from ces_nlp.model import nb_feature_scale

    # feature 0 mostly in positives, feature 1 in every row, feature 2 only in negatives
    X = sparse.csr_matrix(np.array([[1, 1, 0], [2, 1, 0], [0, 1, 1], [0, 1, 1], [0, 1, 1], [1, 1, 0]], dtype=float))
    y = np.array([1, 1, 0, 0, 0, 0])
    s = nb_feature_scale(X, y)
    assert s[2] == pytest.approx(2.0)          # the most separating feature gets the full extra weight
    assert 1.0 <= s[1] < 1.1 < s[0] < s[2]     # a feature shared by both classes stays near 1
    assert np.allclose(nb_feature_scale(X, y, nb_weight=0.0), 1.0)
    # row weights enter the counts: with the negative row holding feature 0 weighted 0,
    # feature 0 separates the classes best
    w = np.array([1, 1, 1, 1, 1, 0.0])
    assert nb_feature_scale(X, y, w)[0] == pytest.approx(2.0)


def test_nb_prior_is_folded_into_the_weights():
    plain = build_pipeline(["t", "r"], nb_weight=0.0).fit(TEXTS, Y)
    prior = build_pipeline(["t", "r"], nb_weight=1.0).fit(TEXTS, Y)
    assert not np.allclose(plain[-1].coef_, prior[-1].coef_)
    new = ["they transferred me to another team", "I called 5 times", "quick service"]
    assert prior.predict(new).tolist() == [[1, 0], [0, 1], [0, 0]]
    # the fitted heads score raw features: decision values equal coef @ x + intercept
    X = prior[0].transform(new)
    clf = prior[-1]
    assert np.allclose(clf.decision_function(X), X.toarray() @ clf.coef_.T.astype(float) + clf.intercept_, atol=1e-5)


def test_none_rows_limit_what_the_none_head_learns():
    from ces_nlp.dataset import none_head_rows

    texts = TEXTS + [f"I was not transferred at all, case {i}" for i in range(8)]
    labels = np.vstack([Y, np.zeros((8, 2), dtype=int)])
    tags = [frozenset()] * 24 + [frozenset({"praise"})] * 12 + [frozenset({"negation"})] * 8
    keep = none_head_rows(labels, tags)
    assert keep.tolist() == [True] * 24 + [False] * 12 + [True] * 8
    assert none_head_rows(labels, [frozenset()] * 44).all()  # untagged data: every row

    def none_weight(pipe, word):
        column = pipe[0].named_steps["union"].transformer_list[0][1].vocabulary_[word]
        return pipe[-1].coef_[2, column]

    masked = build_pipeline(["t", "r"]).fit(texts, labels, clf__none_rows=keep)
    plain = build_pipeline(["t", "r"]).fit(texts, labels)
    # "nice" occurs only in the praise rows: the masked none head never sees it, the plain one learns it
    assert none_weight(masked, "nice") == 0.0 and none_weight(plain, "nice") > 0.0
    assert masked[-1].has_none_head_ and none_weight(masked, "neg_transferred") > 0.0
    assert (masked[-1].none_head_rows_, plain[-1].none_head_rows_, masked[-1].n_rows_) == (32, 44, 44)
    assert masked.predict(["I was transferred to team 99"]).tolist() == [[1, 0]]
    with pytest.raises(TrainingError, match="none_rows"):
        build_pipeline(["t", "r"]).fit(texts, labels, clf__none_rows=keep[:-1])


def test_skip_pairs_join_words_two_or_three_apart_and_never_equal_an_ngram():
    from ces_nlp.model import skip_pairs, word_features, word_ngrams

    tokens = ["rang", "them", "again", "today"]
    assert skip_pairs(tokens, (2, 3)) == ["rang\tagain", "them\ttoday", "rang\ttoday"]
    assert skip_pairs(tokens[:2], (2, 3)) == []
    feats = word_features(tokens, 1, 2, (2, 3))
    assert feats[:len(word_ngrams(tokens, 1, 2))] == word_ngrams(tokens, 1, 2)
    assert not set(skip_pairs(tokens, (2, 3))) & set(word_ngrams(tokens, 1, 3))


def test_word_analyzer_pickled_before_skip_pairs_reads_as_without_them():
    from ces_nlp.model import WordNgrams, word_ngrams

    old = WordNgrams.__new__(WordNgrams)
    old.__dict__.update(min_n=1, max_n=2)  # the state such an analyzer was saved with
    assert old(("rang them again", "")) == word_ngrams(["rang", "them", "again"], 1, 2)
    old.__dict__.update(gaps=(2,))  # saved with skip pairs, before channel features
    assert old(("rang and mailed", "")) == ["rang", "and", "mailed", "rang and", "and mailed", "rang\tmailed"]


def test_word_analyzer_adds_channel_features_after_ngrams_and_pairs():
    from ces_nlp.model import WordNgrams

    feats = WordNgrams(1, 1, gaps=(2,), channels=True)(("rang and mailed", ""))
    assert feats[:4] == ["rang", "and", "mailed", "rang\tmailed"]
    assert set(feats[4:]) == {"\tch=email", "\tch=phone", "\tchn>=2", "\tchp=email+phone", "\tev>=2"}


def test_derived_rows_never_leak_their_source_into_its_out_of_fold_score():
    from scipy import sparse

    # each answer has a feature of its own, and a copy of it (built from it and a partner) is in the data too
    n = 40
    y_own = np.array([1, 0] * (n // 2))
    X = sparse.vstack([sparse.identity(n, format="csr"), sparse.identity(n, format="csr")]).tocsr()
    y = np.concatenate([y_own, y_own])
    derived = np.vstack([np.full((n, 2), -1), np.column_stack([np.arange(n), (np.arange(n) + 1) % n])])
    clf = MultiDriverClassifier(cv=5, nb_weight=1.0)
    folds = list(clf._folds(y, derived, 5))
    held = np.concatenate([h for _, h in folds])
    assert sorted(held.tolist()) == list(range(n))  # copies are never held out; every answer once
    for train, h in folds:
        copies = train[train >= n] - n
        assert not np.isin(copies, h).any() and not np.isin((copies + 1) % n, h).any()
        assert set(range(n)) - set(h.tolist()) <= set(train.tolist())
    honest, _ = clf._head(X, y, None, "d", derived)
    assert np.isnan(honest[n:]).all()
    # a held-out answer's own feature was never trained on, so its score cannot depend on its label
    for _, h in folds:
        assert np.ptp(honest[h]) < 1e-9
    leaky, _ = clf._head(X, y, None, "d")
    assert leaky[:n][y_own == 1].mean() > leaky[:n][y_own == 0].mean() + 1.0


def test_derived_rows_must_name_rows_as_written():
    bad = np.vstack([np.full((len(Y), 2), -1), [[0, 99]]])
    texts = TEXTS + ["I was transferred to team 0 nice and quick service number 0"]
    labels = np.vstack([Y, [[1, 0]]])
    with pytest.raises(TrainingError, match="derived_from"):
        build_pipeline(["t", "r"]).fit(texts, labels, clf__derived_from=bad)
    ok = np.vstack([np.full((len(Y), 2), -1), [[0, 24]]])
    model = build_pipeline(["t", "r"]).fit(texts, labels, clf__derived_from=ok)
    assert model.predict(["I was transferred to team 7"]).tolist() == [[1, 0]]
