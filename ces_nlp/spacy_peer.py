"""A spaCy ``textcat_multilabel`` classifier with the scikit-learn estimator interface.

Trained on the same data as the default pipeline so the two can be compared
side by side (``ces-nlp train`` reports both and ships the better one on dev).
Uses a blank multi-language pipeline and the bag-of-words architecture
(``spacy.TextCatBOW.v3``, uni- and bigrams) on folded text; predictions use a
0.5 cut-off per driver. The trained pipeline is kept as bytes so the estimator
pickles like any other.
"""

from __future__ import annotations

import random

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .text import fold


class SpacyTextcatClassifier(ClassifierMixin, BaseEstimator):
    def __init__(self, drivers=(), epochs=15, dropout=0.2, batch_size=32, ngram_size=2, threshold=0.5,
                 random_state=0):
        self.drivers = drivers
        self.epochs = epochs
        self.dropout = dropout
        self.batch_size = batch_size
        self.ngram_size = ngram_size
        self.threshold = threshold
        self.random_state = random_state

    def _blank(self):
        import spacy

        nlp = spacy.blank("xx")
        nlp.add_pipe("textcat_multilabel", config={"model": {
            "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
            "ngram_size": self.ngram_size, "no_output_layer": False, "length": 262144}})
        return nlp

    def fit(self, X, Y, sample_weight=None):
        import spacy
        from spacy.training import Example
        from spacy.util import minibatch

        spacy.util.fix_random_seed(self.random_state)
        rng = random.Random(self.random_state)
        Y = np.asarray(Y, dtype=int)
        drivers = list(self.drivers) or [f"driver_{j}" for j in range(Y.shape[1])]
        nlp = self._blank()
        textcat = nlp.get_pipe("textcat_multilabel")
        for d in drivers:
            textcat.add_label(d)
        examples = [Example.from_dict(nlp.make_doc(fold(t)), {"cats": {d: float(v) for d, v in zip(drivers, row)}})
                    for t, row in zip(X, Y)]
        optimizer = nlp.initialize(lambda: examples)
        for _ in range(self.epochs):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=self.batch_size):
                nlp.update(batch, drop=self.dropout, sgd=optimizer)
        self.drivers_ = drivers
        self.nlp_bytes_ = nlp.to_bytes()
        self._nlp = nlp
        return self

    def _pipeline(self):
        check_is_fitted(self, "nlp_bytes_")
        if getattr(self, "_nlp", None) is None:
            nlp = self._blank()
            nlp.get_pipe("textcat_multilabel")  # labels come back with the bytes
            self._nlp = nlp.from_bytes(self.nlp_bytes_)
        return self._nlp

    def predict_proba(self, X):
        nlp = self._pipeline()
        docs = nlp.pipe((fold(t) for t in X), batch_size=512)
        return np.array([[doc.cats.get(d, 0.0) for d in self.drivers_] for doc in docs], dtype=float).reshape(
            -1, len(self.drivers_))

    def predict(self, X):
        return (self.predict_proba(X) >= self.threshold).astype(int)

    @property
    def thresholds_(self):
        return np.full(len(self.drivers_), self.threshold)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_nlp", None)
        return state
