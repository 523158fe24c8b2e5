"""The fast scoring path of the shipped model gives the pipeline's probabilities exactly."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def pipeline_proba(shipped_model, gold):
    return np.asarray(shipped_model.estimator.predict_proba(gold.texts), dtype=float)


def test_shipped_model_compiles_to_the_fast_scorer(shipped_model):
    assert shipped_model.scorer is not None


def test_batch_path_is_identical_on_the_gold_texts(shipped_model, gold, pipeline_proba):
    got = shipped_model.predict_proba(gold.texts)
    assert got.shape == pipeline_proba.shape
    assert np.abs(got - pipeline_proba).max() < 1e-6


def test_single_text_path_is_identical_on_the_gold_texts(shipped_model, gold, pipeline_proba):
    one = np.array([[shipped_model.score_one(t)[d] for d in shipped_model.drivers] for t in gold.texts])
    assert np.abs(one - pipeline_proba).max() < 1e-6
    few = np.vstack([shipped_model.predict_proba(gold.texts[i:i + 3]) for i in range(0, 300, 3)])
    assert np.abs(few - pipeline_proba[:300]).max() < 1e-6


def test_predictions_do_not_depend_on_batch_composition(shipped_model, gold):
    texts = gold.texts[:50]
    alone = np.vstack([shipped_model.predict_proba([t]) for t in texts])
    mixed = shipped_model.predict_proba(texts + ["", "I was transferred"] + texts[::-1])[:50]
    assert np.abs(alone - mixed).max() < 1e-9
