"""The effort-driver classifier as a scikit-learn ``Pipeline``: text -> features -> model.

Features (``build_features``): a :class:`TextViews` step tokenises each text once
(:func:`ces_nlp.text.views`) into two views, then the union of

* word uni- and bigrams of the marked view (words inside negated and
  hypothetical scopes carry ``neg_``/``hyp_`` prefixes) plus *skip pairs*: two words one to
  three positions apart ("rang ... twice", "asked ... again"), one feature whatever the
  gap, plus *channel features* (:mod:`ces_nlp.channels`: which contact channels the answer
  names, how many different ones, and how many contacts it tells); kept when seen in at least
  two training answers, TF-IDF weighted;
* character 3-6-grams inside word boundaries of the char view (folded text,
  scoped words in upper case so their n-grams are kept apart; robust to typos,
  inflection, compounds and missing diacritics), TF-IDF weighted.

:class:`MultiDriverClassifier` fits one L2 logistic regression per driver, plus a
*none* head for "no driver at all", and makes their scores usable:

* **feature prior**: before a head is fitted, each feature is scaled by
  ``1 + nb_weight * |r| / max |r|``, where ``r`` is the feature's naive-Bayes log-count
  ratio for that head (:func:`nb_feature_scale`); a scaled feature is cheaper for the L2
  penalty to use, so words that separate the head's classes in the counts get larger
  weights. The scale is folded into the head's weights afterwards, so the fitted model
  scores raw features like any linear model;
* **calibration**: out-of-fold decision values (stratified K-fold) of each head are
  mapped to probabilities by Platt scaling, with the log-odds multiplied by ``sharpen``;
  a driver's score is its probability times ``(1 - p_none) ** none_power``
  (:func:`head_scores`), so a confident none head pulls every driver down;
* **thresholds**: per driver, the score cut-off that maximises F1 on the
  out-of-fold scores (searched on a grid within ``threshold_range``);
* **prediction**: all heads' weights are stacked into one matrix, so scoring is a
  single sparse product and a small dense one, whatever the number of drivers.

Everything is seeded (``random_state``): the same data gives the same model.

:class:`CompiledScorer` scores texts with a fitted pipeline's weights without going
through the vectorizers' per-n-gram strings; it gives the pipeline's probabilities
(to floating-point rounding) several times faster, for batches and single texts.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from .channels import channel_features
from .errors import TrainingError
from .text import views


def _split(text: str) -> list[str]:
    """Tokenizer of models saved before :class:`TextViews` existed (kept so they still load)."""
    return text.split()


class TextViews(TransformerMixin, BaseEstimator):
    """First pipeline step: each text -> (``mark_scopes`` view, ``char_view``), tokenised once."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return [views("" if t is None else str(t)) for t in X]


class WordNgrams:
    """Analyzer: word n-grams of the marked view (same n-grams as scikit-learn's word analyzer),
    plus skip pairs of words ``gaps`` positions apart (see :func:`skip_pairs`) and, with
    ``channels``, the channel features of :func:`ces_nlp.channels.channel_features`."""

    # class defaults: analyzers pickled before skip pairs or channel features existed have none
    gaps: tuple[int, ...] = ()
    channels: bool = False

    def __init__(self, min_n: int = 1, max_n: int = 2, gaps: tuple[int, ...] = (), channels: bool = False):
        self.min_n, self.max_n, self.gaps, self.channels = min_n, max_n, tuple(gaps), channels

    def __call__(self, doc) -> list[str]:
        return word_features(doc[0].split(), self.min_n, self.max_n, self.gaps, self.channels)


class CharNgrams:
    """Analyzer: character n-grams inside word boundaries of the char view (scikit-learn's ``char_wb``),
    with each word's n-grams cached, since words repeat across answers."""

    def __init__(self, min_n: int = 3, max_n: int = 6, cache_size: int = 200_000):
        self.min_n, self.max_n, self.cache_size = min_n, max_n, cache_size
        self._cache: dict = {}

    def word(self, w: str) -> list[str]:
        grams = self._cache.get(w)
        if grams is None:
            grams = char_wb_ngrams(w, self.min_n, self.max_n)
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            self._cache[w] = grams
        return grams

    def __call__(self, doc) -> list[str]:
        out: list[str] = []
        for w in doc[1].split():
            out.extend(self.word(w))
        return out

    def __getstate__(self):
        return {"min_n": self.min_n, "max_n": self.max_n, "cache_size": self.cache_size}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._cache = {}


def word_ngrams(tokens: list[str], min_n: int, max_n: int) -> list[str]:
    out = list(tokens) if min_n == 1 else []
    for n in range(max(min_n, 2), min(max_n, len(tokens)) + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def skip_pairs(tokens: list[str], gaps: tuple[int, ...]) -> list[str]:
    """Pairs of tokens ``g`` positions apart for each ``g`` in ``gaps``, as one feature per pair of
    words whatever the gap. A tab joins them: tokens never contain whitespace, so a pair can never
    equal an n-gram."""
    return [f"{tokens[i]}\t{tokens[i + g]}" for g in gaps for i in range(len(tokens) - g)]


def word_features(tokens: list[str], min_n: int, max_n: int, gaps: tuple[int, ...],
                  channels: bool = False) -> list[str]:
    """The word analyzer's features: n-grams, then skip pairs (none when ``gaps`` is empty), then
    channel features when ``channels`` is set."""
    out = word_ngrams(tokens, min_n, max_n) + skip_pairs(tokens, gaps)
    return out + channel_features(tokens) if channels else out


def char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """The n-grams scikit-learn's ``char_wb`` analyzer makes of one word (padded with spaces)."""
    w = " " + word + " "
    w_len = len(w)
    out = []
    for n in range(min_n, max_n + 1):
        if w_len <= n:
            out.append(w)  # a short word counts once
            break
        out.extend(w[i:i + n] for i in range(w_len - n + 1))
    return out


def build_features(char_ngrams=(3, 6), word_ngrams_=(1, 2), skip_gaps=(1, 2, 3), word_min_df: int = 2,
                   channels: bool = True, char_max_features: int | None = 300_000) -> Pipeline:
    words = TfidfVectorizer(analyzer=WordNgrams(*word_ngrams_, gaps=skip_gaps, channels=channels),
                            lowercase=False, sublinear_tf=True, min_df=word_min_df, dtype=np.float64)
    chars = TfidfVectorizer(analyzer=CharNgrams(*char_ngrams), lowercase=False, sublinear_tf=True, min_df=2,
                            max_features=char_max_features, dtype=np.float64)
    return Pipeline([("views", TextViews()), ("union", FeatureUnion([("words", words), ("chars", chars)]))])


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def best_f1_threshold(y: np.ndarray, p: np.ndarray, grid: np.ndarray) -> tuple[float, float]:
    """Threshold on ``grid`` with the highest F1 (ties: the one nearest 0.5), and that F1."""
    best_t, best_f1 = 0.5, -1.0
    pos = y.sum()
    for t in grid:
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        denom = pred.sum() + pos
        f1 = 2 * tp / denom if denom else 0.0
        if f1 > best_f1 + 1e-12 or (abs(f1 - best_f1) <= 1e-12 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_f1 = float(t), f1
    return best_t, best_f1


def nb_feature_scale(X, y: np.ndarray, w: np.ndarray | None = None, alpha: float = 1.0,
                     nb_weight: float = 1.0) -> np.ndarray:
    """Per-feature scale ``1 + nb_weight * |r| / max |r|`` for one binary head.

    ``r`` is the naive-Bayes log-count ratio: the log of a feature's share of (weighted)
    document counts among positive rows over its share among negative rows, with
    ``alpha`` added to every count.
    """
    B = sparse.csr_matrix(X, copy=True)
    B.data = (B.data > 0).astype(np.float64)
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=np.float64)
    pos = np.asarray(B.T @ (w * (y == 1))).ravel() + alpha
    neg = np.asarray(B.T @ (w * (y != 1))).ravel() + alpha
    r = np.abs(np.log(pos / pos.sum()) - np.log(neg / neg.sum()))
    top = r.max(initial=0.0)
    return 1.0 + nb_weight * r / top if top > 0 else np.ones_like(r)


def rows_as_written(derived_from, n: int) -> np.ndarray:
    """Rows as written: all ``n`` rows when ``derived_from`` is None, else those whose ``derived_from`` is -1
    (a derived row, such as a mixed copy, names the rows it was built from)."""
    return np.ones(n, dtype=bool) if derived_from is None else np.asarray(derived_from)[:, 0] < 0


def head_scores(D: np.ndarray, platt: np.ndarray, n_drivers: int, none_power: float | None) -> np.ndarray:
    """Driver scores from decision values ``D`` (rows x heads, or one row): Platt-scaled probabilities of
    the driver heads, times ``(1 - p_none) ** none_power`` when a none head follows them."""
    P = _sigmoid(D * platt[:, 0] + platt[:, 1])
    S = P[..., :n_drivers]
    if none_power is not None and P.shape[-1] > n_drivers:
        S = S * ((1.0 - P[..., n_drivers]) ** none_power)[..., None]
    return S


class MultiDriverClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated, threshold-tuned logistic regressions for multi-label drivers.

    ``fit(X, Y)`` takes an indicator matrix ``Y`` (n_samples x n_drivers);
    ``sample_weight`` may be a vector or a matrix of the same shape as ``Y`` (weak
    labels weigh less than gold); ``tune_mask`` marks the rows whose out-of-fold
    predictions choose the thresholds (default: all rows).

    Heads: one L2 logistic regression per driver, plus a *none* head that learns
    "this answer names no driver at all" (rows without labels: negated and
    hypothetical mentions, praise, other complaints). The none head sees the whole
    answer at once, so it can veto a driver whose cue words appear in an answer that,
    read as a whole, reports none ("expected to be passed around, but the first person
    fixed it").

    ``none_rows`` (a fit parameter) limits the rows the none head learns from. Training passes
    the rows with a driver and the negated, hypothetical and false-friend mentions
    (:func:`ces_nlp.dataset.none_head_rows`): the head then learns "a driver's situation is
    mentioned but not reported", not "this answer is about something else", so praise or an
    unrelated complaint next to a real driver does not veto it. Rows left out still get
    out-of-fold none scores and calibrate the head.

    ``derived_from`` (a fit parameter, n x 2) marks rows built from other rows (training's mixed
    copies join two answers): such a row is never held out, has no out-of-fold score, and is
    trained on only in folds that hold out neither of its source rows, so the out-of-fold scores
    that calibrate and choose thresholds never come from a model that saw the held-out answer. The
    naive-Bayes prior is computed per fold as well.

    Scores: each head's out-of-fold decision values (stratified K-fold) are mapped to
    probabilities by Platt scaling, whose log-odds are then multiplied by ``sharpen``
    (a temperature of ``1 / sharpen``; 1.0 keeps the calibrated probabilities). A
    driver's score is its own probability times ``(1 - p_none) ** none_power``: the
    chance that the answer names a driver at all scales the chance that it names this
    one. Thresholds are then tuned per driver for F1 on the out-of-fold scores.
    ``none_head=False`` scores drivers by their own probability alone.

    ``nb_weight`` sets the feature prior (:func:`nb_feature_scale`; 0 turns it off). Its
    default, 4, was chosen on the gold dev split with two seeds (figures in README.md).

    ``sharpen=4`` makes the none head's veto and each driver's own evidence more
    decisive in that product; it was chosen by 5-fold cross-validation on the gold
    train+dev rows (figures in README.md). Scores are then no longer calibrated
    probabilities in the strict sense; the thresholds are tuned on the sharpened scores.
    """

    def __init__(self, drivers=(), C=16.0, cv=5, class_weight=None, threshold_range=(0.2, 0.8),
                 random_state=0, none_head=True, none_power=0.5, sharpen=4.0, nb_weight=4.0):
        self.drivers = drivers
        self.C = C
        self.cv = cv
        self.class_weight = class_weight
        self.threshold_range = threshold_range
        self.random_state = random_state
        self.none_head = none_head
        self.none_power = none_power
        self.sharpen = sharpen
        self.nb_weight = nb_weight

    def _lr(self):
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, solver="liblinear")

    def _folds(self, y, derived_from, folds):
        """(train, held-out) row indices per fold. Rows as written are split stratified on ``y``;
        a derived row (``derived_from[r, 0] >= 0``: it joins those rows) is never held out and is
        trained on only in folds that hold out none of the rows it joins."""
        own = rows_as_written(derived_from, len(y))
        idx = np.flatnonzero(own)
        fold_of = np.full(len(y), -1)
        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        for k, (_, held) in enumerate(skf.split(np.zeros(len(idx)), y[idx])):
            fold_of[idx[held]] = k
        sources = None if own.all() else np.where(derived_from[~own] >= 0, fold_of[derived_from[~own]], -1)
        for k in range(folds):
            held = np.flatnonzero(fold_of == k)
            train = own & (fold_of != k)
            if sources is not None:
                train[~own] = ~(sources == k).any(axis=1)
            yield np.flatnonzero(train), held

    def _fit_lr(self, X, y, w):
        """One logistic regression on ``X`` scaled by the naive-Bayes prior of these rows; weights on raw
        features."""
        scale = nb_feature_scale(X, y, w, nb_weight=self.nb_weight) if self.nb_weight else None
        Xs = X if scale is None else X @ sparse.diags(scale)
        lr = self._lr().fit(Xs, y, sample_weight=w)
        if scale is not None:
            lr.coef_ = lr.coef_ * scale
        return lr

    def _head(self, X, y, w, name, derived_from=None):
        """Out-of-fold decision values (NaN for derived rows) and the refitted model of one head."""
        own = rows_as_written(derived_from, len(y))
        n_pos, n_neg = int(y[own].sum()), int(len(y[own]) - y[own].sum())
        folds = min(self.cv, n_pos, n_neg)
        if folds < 2:
            raise TrainingError(
                f"driver '{name}' has {n_pos} positive and {n_neg} negative examples; "
                "at least 2 of each are needed (add labelled examples for it)")
        X = sparse.csr_matrix(X)
        oof = np.full(len(y), np.nan)
        for train, held in self._folds(y, derived_from, folds):
            lr = self._fit_lr(X[train], y[train], None if w is None else w[train])
            oof[held] = lr.decision_function(X[held])
        return oof, self._fit_lr(X, y, w)

    def fit(self, X, Y, sample_weight=None, tune_mask=None, none_rows=None, derived_from=None):
        Y = np.asarray(Y, dtype=int)
        if Y.ndim != 2 or Y.shape[0] != X.shape[0]:
            raise TrainingError(f"labels must be an (n_samples x n_drivers) matrix matching {X.shape[0]} rows")
        drivers = list(self.drivers) or [f"driver_{j}" for j in range(Y.shape[1])]
        if len(drivers) != Y.shape[1]:
            raise TrainingError(f"{len(drivers)} driver names for {Y.shape[1]} label columns")
        W = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        weight = (lambda j: None) if W is None else (lambda j: W[:, j] if W.ndim == 2 else W)
        derived = None if derived_from is None else np.asarray(derived_from, dtype=int).reshape(len(Y), 2)
        own = rows_as_written(derived, len(Y))
        refs = np.zeros(0, dtype=int) if derived is None else derived[~own].ravel()
        if (refs >= len(Y)).any() or not own[refs[refs >= 0]].all():
            raise TrainingError("derived_from must name rows as written (rows whose own derived_from is -1)")
        mask = own if tune_mask is None else np.asarray(tune_mask, dtype=bool) & own
        grid = np.round(np.arange(self.threshold_range[0], self.threshold_range[1] + 1e-9, 0.02), 2)
        oofs, models = [], []
        for j, driver in enumerate(drivers):
            oof, lr = self._head(X, Y[:, j], weight(j), driver, derived)
            oofs.append(oof)
            models.append(lr)
        y_none = (Y.sum(axis=1) == 0).astype(int)
        w_none = None if W is None else (W.mean(axis=1) if W.ndim == 2 else W)
        keep = np.ones(len(Y), dtype=bool) if none_rows is None else np.asarray(none_rows, dtype=bool)
        if keep.shape != (len(Y),):
            raise TrainingError(f"none_rows must mark each of the {len(Y)} rows")
        w_fit = w_none if none_rows is None else (keep.astype(float) if w_none is None else w_none * keep)
        n_none = int(y_none[keep].sum())
        self.none_head_rows_ = int(keep.sum())
        self.has_none_head_ = bool(self.none_head and 2 <= n_none <= self.none_head_rows_ - 2)
        if self.has_none_head_:
            oof, lr = self._head(X, y_none, w_fit, "(none)", derived)
            oofs.append(oof)
            models.append(lr)
        platt = []
        for h, oof in enumerate(oofs):
            y, w = (Y[:, h], weight(h)) if h < len(drivers) else (y_none, w_none)
            cal = LogisticRegression(C=1e4, solver="lbfgs").fit(oof[own].reshape(-1, 1), y[own],
                                                                 sample_weight=None if w is None else w[own])
            platt.append((float(cal.coef_[0, 0]), float(cal.intercept_[0])))
        self.platt_ = np.asarray(platt, dtype=np.float64) * self.sharpen
        self.drivers_ = drivers
        scores = head_scores(np.column_stack(oofs), *self.score_params_)
        thresholds, oof_f1 = [], []
        for j in range(len(drivers)):
            t, f1 = best_f1_threshold(Y[mask, j], scores[mask, j], grid)
            thresholds.append(t)
            oof_f1.append(f1)
        self.coef_ = np.vstack([m.coef_.ravel().astype(np.float32) for m in models])
        self.intercept_ = np.asarray([float(m.intercept_[0]) for m in models], dtype=np.float64)
        self.thresholds_ = np.asarray(thresholds)
        self.cv_f1_ = np.asarray(oof_f1)
        self.n_features_in_ = X.shape[1]
        self.n_rows_ = len(Y)
        return self

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        X = sparse.csr_matrix(X) if not sparse.issparse(X) else X
        return np.asarray(X @ self.coef_.T) + self.intercept_

    @property
    def score_params_(self) -> tuple:
        """(platt, n_drivers, none_power) for :func:`head_scores`."""
        return self.platt_, len(self.drivers_), self.none_power if self.has_none_head_ else None

    def predict_proba(self, X):
        return head_scores(self.decision_function(X), *self.score_params_)

    def predict(self, X):
        return (self.predict_proba(X) >= self.thresholds_).astype(int)


def build_pipeline(drivers, random_state: int = 0, char_ngrams=(3, 6), **clf_params) -> Pipeline:
    """The default classifier: text views -> TF-IDF features -> :class:`MultiDriverClassifier`."""
    return Pipeline([
        ("features", build_features(char_ngrams=char_ngrams)),
        ("clf", MultiDriverClassifier(drivers=tuple(drivers), random_state=random_state, **clf_params)),
    ])


# ---------------------------------------------------------------- fast scoring of a fitted pipeline

class CompiledScorer:
    """The fitted :func:`build_pipeline` flattened for scoring: identical probabilities, less overhead.

    Each vectorizer's vocabulary, IDF weights and the classifier's weights are folded into one
    (n_features x n_drivers) matrix per feature block, and each word's character n-grams are looked up
    once and cached as feature ids. ``proba(texts)`` builds the count matrices directly (no per-n-gram
    strings) and applies sublinear TF, IDF, L2 norm, weights and Platt scaling as array operations;
    ``proba_one(text)`` does the same for one text without sparse matrices.
    """

    def __init__(self, pipeline: Pipeline, cache_size: int = 200_000):
        views_step, union = pipeline[0][0], pipeline[0][1]
        words, chars = union.transformer_list[0][1], union.transformer_list[1][1]
        clf = pipeline[-1]
        check_is_fitted(clf, "coef_")
        if not (isinstance(views_step, TextViews) and isinstance(words.analyzer, WordNgrams)
                and isinstance(chars.analyzer, CharNgrams)):
            raise TypeError("not a pipeline made by build_pipeline")
        if not (words.sublinear_tf and chars.sublinear_tf and words.norm == "l2" and chars.norm == "l2"
                and words.use_idf and chars.use_idf):
            raise TypeError("vectorizer settings differ from build_pipeline's")
        self.word_range = (words.analyzer.min_n, words.analyzer.max_n)
        self.word_gaps = tuple(words.analyzer.gaps)
        self.word_channels = bool(words.analyzer.channels)
        self.char_range = (chars.analyzer.min_n, chars.analyzer.max_n)
        self.word_vocab = words.vocabulary_
        self.char_vocab = chars.vocabulary_
        nw = len(words.vocabulary_)
        coef = np.asarray(clf.coef_, dtype=np.float64)
        self.word_idf = words.idf_.astype(np.float64)
        self.char_idf = chars.idf_.astype(np.float64)
        # weights of a raw (sublinear) count: idf * coef, per feature and driver
        self.word_w = np.ascontiguousarray((coef[:, :nw] * self.word_idf).T)
        self.char_w = np.ascontiguousarray((coef[:, nw:] * self.char_idf).T)
        self.intercept = np.asarray(clf.intercept_, dtype=np.float64)
        self.score_params = clf.score_params_
        self.cache_size = cache_size
        self._word_ids: dict[str, np.ndarray] = {}

    def _char_ids(self, word: str) -> np.ndarray:
        ids = self._word_ids.get(word)
        if ids is None:
            vocab = self.char_vocab
            ids = np.fromiter((vocab[g] for g in char_wb_ngrams(word, *self.char_range) if g in vocab),
                              dtype=np.int64)
            if len(self._word_ids) >= self.cache_size:
                self._word_ids.clear()
            self._word_ids[word] = ids
        return ids

    def _word_feature_ids(self, tokens: list[str]) -> list[int]:
        vocab = self.word_vocab
        return [vocab[g] for g in word_features(tokens, *self.word_range, self.word_gaps, self.word_channels)
                if g in vocab]

    @staticmethod
    def _block(counts: sparse.csr_matrix, idf: np.ndarray, weights: np.ndarray) -> np.ndarray:
        counts.data = 1.0 + np.log(counts.data)
        tfidf_sq = counts.copy()
        tfidf_sq.data = (counts.data * idf[counts.indices]) ** 2
        norms = np.sqrt(np.asarray(tfidf_sq.sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return np.asarray(counts @ weights) / norms[:, None]

    def decision(self, texts) -> np.ndarray:
        n = len(texts)
        w_rows, w_cols = [], []
        c_rows, c_words = [], []
        word_index: dict[str, int] = {}
        for i, text in enumerate(texts):
            marked, chars = views(text)
            ids = self._word_feature_ids(marked.split())
            w_cols.extend(ids)
            w_rows.extend([i] * len(ids))
            for w in chars.split():
                j = word_index.get(w)
                if j is None:
                    j = word_index[w] = len(word_index)
                c_rows.append(i)
                c_words.append(j)
        nw, nc = len(self.word_vocab), len(self.char_vocab)
        wc = sparse.csr_matrix((np.ones(len(w_cols)), (w_rows, w_cols)), shape=(n, nw))
        wc.sum_duplicates()
        # texts x distinct words, times distinct words x char features = char n-gram counts per text
        tw = sparse.csr_matrix((np.ones(len(c_words)), (c_rows, c_words)), shape=(n, len(word_index)))
        per_word = [self._char_ids(w) for w in word_index]
        lengths = np.fromiter((len(a) for a in per_word), dtype=np.int64, count=len(per_word))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        indices = np.concatenate(per_word) if per_word else np.zeros(0, dtype=np.int64)
        wf = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(word_index), nc))
        cc = (tw @ wf).tocsr()
        cc.sum_duplicates()
        cc.eliminate_zeros()
        return (self._block(wc, self.word_idf, self.word_w) + self._block(cc, self.char_idf, self.char_w)
                + self.intercept)

    def proba(self, texts) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.score_params[1]))
        return head_scores(self.decision(texts), *self.score_params)

    def _one_block(self, ids, idf, weights) -> np.ndarray:
        if len(ids) == 0:
            return 0.0
        uniq, counts = np.unique(ids, return_counts=True)
        tf = 1.0 + np.log(counts)
        norm = np.sqrt(((tf * idf[uniq]) ** 2).sum())
        return (tf @ weights[uniq]) / norm

    def proba_one(self, text: str) -> np.ndarray:
        """Probabilities for one text, shape (n_drivers,)."""
        marked, chars = views(text)
        words = self._word_feature_ids(marked.split())
        parts = [self._char_ids(w) for w in chars.split()]
        cids = np.concatenate(parts) if parts else ()
        d = self._one_block(np.asarray(words, dtype=np.int64), self.word_idf, self.word_w) \
            + self._one_block(cids, self.char_idf, self.char_w) + self.intercept
        return head_scores(d, *self.score_params)

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_word_ids"] = {}
        return state


def compile_scorer(estimator) -> CompiledScorer | None:
    """A :class:`CompiledScorer` for a fitted :func:`build_pipeline`, or ``None`` for other estimators."""
    try:
        return CompiledScorer(estimator)
    except (TypeError, AttributeError, IndexError, KeyError, ValueError):
        return None
