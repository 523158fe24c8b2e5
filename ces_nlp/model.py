"""The effort-driver classifier as a scikit-learn ``Pipeline``: text -> features -> model.

Features (``build_features``) are the union of

* word uni- and bigrams of :func:`ces_nlp.text.mark_scopes` (negated and
  hypothetical clauses carry ``neg_``/``hyp_`` prefixes), TF-IDF weighted;
* character 2-5-grams inside word boundaries of :func:`ces_nlp.text.asserted`
  (folded text without its negated/hypothetical clauses; robust to typos,
  inflection, compounds and missing diacritics), TF-IDF weighted.

:class:`MultiDriverClassifier` fits one L2 logistic regression per driver and
makes its scores usable:

* **calibration**: out-of-fold decision values (stratified K-fold) are mapped to
  probabilities by Platt scaling, fitted per driver;
* **thresholds**: per driver, the probability cut-off that maximises F1 on those
  out-of-fold probabilities (searched on a grid within ``threshold_range``);
* **prediction**: all drivers' weights are stacked into one matrix, so scoring is a
  single sparse product, whatever the number of drivers.

Everything is seeded (``random_state``): the same data gives the same model.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from .errors import TrainingError
from .text import asserted, mark_scopes


def _split(text: str) -> list[str]:
    return text.split()


def build_features(char_max_features: int | None = 300_000) -> FeatureUnion:
    words = TfidfVectorizer(preprocessor=mark_scopes, tokenizer=_split, token_pattern=None, lowercase=False,
                            ngram_range=(1, 2), sublinear_tf=True, min_df=1, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", preprocessor=asserted, lowercase=False, ngram_range=(2, 5),
                            sublinear_tf=True, min_df=2, max_features=char_max_features, dtype=np.float32)
    return FeatureUnion([("words", words), ("chars", chars)])


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


class MultiDriverClassifier(ClassifierMixin, BaseEstimator):
    """One calibrated, threshold-tuned logistic regression per driver (multi-label).

    ``fit(X, Y)`` takes an indicator matrix ``Y`` (n_samples x n_drivers);
    ``sample_weight`` may be a vector or a matrix of the same shape as ``Y`` (weak
    labels weigh less than gold); ``tune_mask`` marks the rows whose out-of-fold
    predictions choose the thresholds (default: all rows).
    """

    def __init__(self, drivers=(), C=8.0, cv=5, class_weight=None, threshold_range=(0.2, 0.8),
                 random_state=0):
        self.drivers = drivers
        self.C = C
        self.cv = cv
        self.class_weight = class_weight
        self.threshold_range = threshold_range
        self.random_state = random_state

    def _lr(self):
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, solver="liblinear")

    def fit(self, X, Y, sample_weight=None, tune_mask=None):
        Y = np.asarray(Y, dtype=int)
        if Y.ndim != 2 or Y.shape[0] != X.shape[0]:
            raise TrainingError(f"labels must be an (n_samples x n_drivers) matrix matching {X.shape[0]} rows")
        drivers = list(self.drivers) or [f"driver_{j}" for j in range(Y.shape[1])]
        if len(drivers) != Y.shape[1]:
            raise TrainingError(f"{len(drivers)} driver names for {Y.shape[1]} label columns")
        W = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        mask = np.ones(len(Y), dtype=bool) if tune_mask is None else np.asarray(tune_mask, dtype=bool)
        grid = np.round(np.arange(self.threshold_range[0], self.threshold_range[1] + 1e-9, 0.02), 2)
        coefs, intercepts, platt, thresholds, oof_f1 = [], [], [], [], []
        for j, driver in enumerate(drivers):
            y = Y[:, j]
            n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
            folds = min(self.cv, n_pos, n_neg)
            if folds < 2:
                raise TrainingError(
                    f"driver '{driver}' has {n_pos} positive and {n_neg} negative examples; "
                    "at least 2 of each are needed (add labelled examples for it)")
            w = None if W is None else (W[:, j] if W.ndim == 2 else W)
            skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
            params = {} if w is None else {"sample_weight": w}
            oof = cross_val_predict(self._lr(), X, y, cv=skf, method="decision_function", params=params)
            cal = LogisticRegression(C=1e4, solver="lbfgs").fit(oof.reshape(-1, 1), y, sample_weight=w)
            a, b = float(cal.coef_[0, 0]), float(cal.intercept_[0])
            p_oof = _sigmoid(a * oof + b)
            t, f1 = best_f1_threshold(y[mask], p_oof[mask], grid)
            lr = self._lr().fit(X, y, sample_weight=w)
            coefs.append(lr.coef_.ravel().astype(np.float32))
            intercepts.append(float(lr.intercept_[0]))
            platt.append((a, b))
            thresholds.append(t)
            oof_f1.append(f1)
        self.drivers_ = drivers
        self.coef_ = np.vstack(coefs)
        self.intercept_ = np.asarray(intercepts, dtype=np.float32)
        self.platt_ = np.asarray(platt, dtype=np.float64)
        self.thresholds_ = np.asarray(thresholds)
        self.cv_f1_ = np.asarray(oof_f1)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        X = sparse.csr_matrix(X) if not sparse.issparse(X) else X
        return np.asarray(X @ self.coef_.T) + self.intercept_

    def predict_proba(self, X):
        d = self.decision_function(X)
        return _sigmoid(d * self.platt_[:, 0] + self.platt_[:, 1])

    def predict(self, X):
        return (self.predict_proba(X) >= self.thresholds_).astype(int)


def build_pipeline(drivers, random_state: int = 0, **clf_params) -> Pipeline:
    """The default classifier: features + :class:`MultiDriverClassifier`."""
    return Pipeline([
        ("features", build_features()),
        ("clf", MultiDriverClassifier(drivers=tuple(drivers), random_state=random_state, **clf_params)),
    ])
