"""Training: gold (plus optional weak labels) -> compared candidates -> a model directory.

1. The gold file's ``split`` column gives train/dev/test.
2. Weak labels (the output of ``ces-nlp label``: ``p_<driver>`` columns) are
   optional extra training rows. Each driver's weak label is 1 when its
   probability is >= 0.5, weighted by ``weak_weight * |2p - 1|``, so a confident
   weak label counts almost like ``weak_weight`` gold rows and a coin flip counts
   for nothing. Weak rows never choose thresholds.
3. Mixed copies: a share of the gold training rows (``mixed_copies``, default half) is added
   again, each joined with another training answer that has no driver (praise, another
   complaint; see :func:`ces_nlp.dataset.join_with_fillers`), labels unchanged, at
   weight ``mixed_weight``. They teach the classifier that talk about something else is no
   evidence against a driver; like weak rows they never choose thresholds, and the feature
   vocabulary is fitted without them (on the rows as written). In the classifier's
   cross-validation a copy is only trained on in folds that hold out neither of the two
   answers it joins, so no held-out answer is seen inside a copy.
4. Candidates fitted on train and scored on dev: the scikit-learn pipeline
   (:mod:`ces_nlp.model`) and, unless disabled, spaCy ``textcat_multilabel``
   (:mod:`ces_nlp.spacy_peer`). The rules alone are scored too, for reference.
5. The candidate with the higher dev macro-F1 is refitted on train + dev and
   scored once on test; that model is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .artifact import DriverModel, save_model, sha256_file
from .dataset import LabelledSet, concat_sets, join_with_fillers, load_labelled, none_head_rows
from .errors import InputError, TrainingError
from .evaluate import evaluate_predictions
from .ingest import TEXT_CANDIDATES, read_table, resolve_column
from .model import build_pipeline, rows_as_written
from .rules.labeler import WeakLabeler
from .taxonomy import Taxonomy

SKLEARN = "sklearn-tfidf-logreg"
SPACY = "spacy-textcat-bow"
RULES = "rules-only"


@dataclass
class TrainConfig:
    seed: int = 0
    C: float = 16.0
    compare_spacy: bool = True
    spacy_epochs: int = 15
    weak_weight: float = 0.5
    mixed_copies: float = 0.5
    mixed_weight: float = 0.25
    name: str = "ces-drivers"
    version: str = "1.0.0"


@dataclass
class TrainResult:
    model: DriverModel
    directory: Path
    dev: dict = field(default_factory=dict)     # candidate -> dev evaluation
    test: dict = field(default_factory=dict)    # candidate -> test evaluation
    chosen: str = SKLEARN


def load_weak(path, taxonomy: Taxonomy, text_col: str | None = None) -> tuple[list[str], np.ndarray, np.ndarray]:
    df = read_table(path)
    text_col = resolve_column(df, text_col, TEXT_CANDIDATES, path, "text", required=True)
    cols = [f"p_{d}" for d in taxonomy.ids]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"weak-label file lacks {', '.join(missing)}; make it with 'ces-nlp label'", path=path)
    keep = df[text_col].astype(str).str.strip().str.len() > 0
    df = df[keep]
    P = df[cols].apply(pd.to_numeric, errors="coerce").fillna(0.0).to_numpy()
    return df[text_col].astype(str).tolist(), (P >= 0.5).astype(int), np.abs(2 * P - 1)


def _make(candidate: str, taxonomy: Taxonomy, cfg: TrainConfig):
    if candidate == SKLEARN:
        return build_pipeline(taxonomy.ids, random_state=cfg.seed, C=cfg.C)
    from .spacy_peer import SpacyTextcatClassifier
    return SpacyTextcatClassifier(drivers=tuple(taxonomy.ids), epochs=cfg.spacy_epochs, random_state=cfg.seed)


class Stack(NamedTuple):
    """Training rows for one fit: texts, labels, per-driver weights and row masks."""
    texts: list[str]
    Y: np.ndarray
    W: np.ndarray
    tune: np.ndarray       # gold rows: they choose the thresholds
    none_rows: np.ndarray  # rows the none head learns from
    derived_from: np.ndarray  # n x 2: the two rows a mixed copy joins; -1 for rows as written

    @property
    def written(self) -> np.ndarray:
        """Rows as written (gold and weak), not mixed copies: they fit the vocabulary."""
        return rows_as_written(self.derived_from, len(self.derived_from))


def _fit(candidate: str, est, rows: Stack):
    if candidate != SKLEARN:
        return est.fit(rows.texts, rows.Y)
    # The vocabulary and IDF come from the answers as written: a mixed copy's join makes word bigrams
    # no answer has, and repeats rare character n-grams past min_df.
    features, clf = est.named_steps["features"], est.named_steps["clf"]
    features.fit([t for t, w in zip(rows.texts, rows.written) if w])
    clf.fit(features.transform(rows.texts), rows.Y, sample_weight=rows.W, tune_mask=rows.tune,
            none_rows=rows.none_rows, derived_from=rows.derived_from)
    return est


def _mixed_copies(data: LabelledSet, cfg: TrainConfig, progress) -> tuple[list[str], np.ndarray]:
    """Texts of the mixed copies of a seeded share of ``data``, and per copy the two rows it joins
    (the row it copies first)."""
    pick = np.flatnonzero(np.random.default_rng(cfg.seed).random(len(data)) < cfg.mixed_copies)
    if not len(pick):
        return [], np.zeros((0, 2), dtype=int)
    try:
        texts, partners = join_with_fillers(data, seed=cfg.seed + 1)
    except InputError as exc:
        progress(f"no mixed copies: {exc}")
        return [], np.zeros((0, 2), dtype=int)
    return [texts[i] for i in pick], np.column_stack([pick, np.asarray(partners)[pick]])


def _stack(parts: list[LabelledSet], weak, cfg: TrainConfig | None = None, progress=lambda msg: None) -> Stack:
    """Gold parts, their mixed copies (when ``cfg`` asks for them) and optional weak rows, stacked."""
    data = concat_sets(parts)
    texts, Y = list(data.texts), data.Y
    W = np.ones_like(Y, dtype=float)
    gold = np.ones(len(texts), dtype=bool)
    none_rows = none_head_rows(Y, data.tags)
    derived = np.full((len(texts), 2), -1, dtype=int)
    if cfg is not None and cfg.mixed_copies > 0:
        mt, joined = _mixed_copies(data, cfg, progress)
        pick = joined[:, 0]
        texts += mt
        Y = np.vstack([Y, Y[pick]])
        W = np.vstack([W, np.full((len(pick), Y.shape[1]), cfg.mixed_weight)])
        gold = np.concatenate([gold, np.zeros(len(mt), dtype=bool)])
        none_rows = np.concatenate([none_rows, none_rows[pick]])
        derived = np.vstack([derived, joined])
        if mt:
            progress(f"mixed copies: {len(mt)} rows joined with an answer without a driver")
    if weak is not None:
        wt, wy, ww = weak
        texts += wt
        # weak rows carry no tags: with tagged gold, only those with a weak driver teach the none head
        none_rows = np.concatenate([none_rows, (wy.sum(axis=1) > 0) | none_rows[:len(data)].all()])
        Y = np.vstack([Y, wy])
        W = np.vstack([W, ww])
        gold = np.concatenate([gold, np.zeros(len(wt), dtype=bool)])
        derived = np.vstack([derived, np.full((len(wt), 2), -1, dtype=int)])
    return Stack(texts, Y, W, gold, none_rows, derived)


def fit_pipeline(data: LabelledSet, taxonomy: Taxonomy, config: TrainConfig | None = None):
    """The scikit-learn candidate fitted on ``data`` as ``train`` fits it (mixed copies, none-head rows)."""
    cfg = config or TrainConfig()
    return _fit(SKLEARN, _make(SKLEARN, taxonomy, cfg), _stack([data], None, cfg))


def train(gold_path, taxonomy: Taxonomy, out_dir, *, weak_path=None, config: TrainConfig | None = None,
          progress=lambda msg: None) -> TrainResult:
    cfg = config or TrainConfig()
    gold = load_labelled(gold_path, taxonomy)
    if "split" not in gold.frame.columns:
        raise InputError("gold file needs a 'split' column with train/dev/test", path=gold_path)
    train_set, dev_set, test_set = gold.split("train"), gold.split("dev"), gold.split("test")
    if len(train_set) == 0 or len(dev_set) == 0:
        raise TrainingError(f"{gold_path}: train and dev splits must not be empty")
    weak = None
    if weak_path is not None:
        weak = load_weak(weak_path, taxonomy)
        weak = (weak[0], weak[1], weak[2] * cfg.weak_weight)
        progress(f"weak labels: {len(weak[0])} rows from {weak_path}")

    candidates = [SKLEARN] + ([SPACY] if cfg.compare_spacy else [])
    dev_scores, test_scores = {}, {}
    for cand in candidates:
        rows = _stack([train_set], weak, cfg if cand == SKLEARN else None, progress)
        progress(f"fitting {cand} on train ({len(rows.texts)} rows)")
        est = _fit(cand, _make(cand, taxonomy, cfg), rows)
        dev_scores[cand] = evaluate_predictions(dev_set, est.predict(dev_set.texts))
        progress(f"{cand}: dev macro-F1 {dev_scores[cand]['macro_f1']:.3f}")
    progress("scoring the rules alone")
    rules = WeakLabeler(taxonomy).fit(train_set.texts, train_set.Y)
    dev_scores[RULES] = evaluate_predictions(dev_set, rules.predict_indicator(dev_set.texts))

    chosen = max(candidates, key=lambda c: (dev_scores[c]["macro_f1"], c == SKLEARN))
    progress(f"refitting {chosen} on train + dev")
    rows = _stack([train_set, dev_set], weak, cfg if chosen == SKLEARN else None, progress)
    final = _fit(chosen, _make(chosen, taxonomy, cfg), rows)
    model = DriverModel(final, taxonomy, name=cfg.name, version=cfg.version)
    if len(test_set):
        test_scores[chosen] = evaluate_predictions(test_set, model.predict_indicator(test_set.texts))
        rules_full = WeakLabeler(taxonomy).fit(train_set.texts + dev_set.texts, np.vstack([train_set.Y, dev_set.Y]))
        test_scores[RULES] = evaluate_predictions(test_set, rules_full.predict_indicator(test_set.texts))

    other = [c for c in candidates if c != chosen]
    reason = (f"It had the higher dev macro-F1 ({dev_scores[chosen]['macro_f1']:.3f}"
              + "".join(f" vs {dev_scores[c]['macro_f1']:.3f} for {c}" for c in other) + ").")
    data = [{"path": str(gold_path), "role": "gold (train+dev used, test held out)", "rows": len(gold),
             "sha256": sha256_file(Path(gold_path)), "labels_sha256": gold.fingerprint()}]
    if weak_path is not None:
        data.append({"path": str(weak_path), "role": "weak labels", "rows": len(weak[0]),
                     "sha256": sha256_file(Path(weak_path))})
    evaluations = []
    if test_scores:
        evaluations.append({"name": f"Gold test split ({chosen})", "data": f"{gold_path} (split=test)",
                            "command": f"ces-nlp evaluate --model {out_dir} {gold_path} --split test",
                            "result": test_scores[chosen]})
        evaluations.append({"name": "Gold test split (rules alone)", "data": f"{gold_path} (split=test)",
                            "command": f"ces-nlp evaluate --rules {gold_path} --split test",
                            "result": test_scores[RULES]})
    meta = {
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "estimator": chosen,
        "estimator_description": _describe(chosen, final),
        "selection": {"chosen": chosen, "reason": reason,
                      "candidates": {c: {"macro_f1": s["macro_f1"], "micro_f1": s["micro_f1"]}
                                     for c, s in dev_scores.items()}},
        "training": {"seed": cfg.seed, "refit_on": "train+dev", "weak_weight": cfg.weak_weight,
                     "mixed_copies": cfg.mixed_copies if chosen == SKLEARN else 0.0,
                     "mixed_weight": cfg.mixed_weight, "data": data,
                     "rules": [r.name for r in rules.ruleset.rules]},
        "metrics": {"dev": {c: {"macro_f1": s["macro_f1"], "micro_f1": s["micro_f1"]} for c, s in dev_scores.items()},
                    "test": {c: {k: s[k] for k in ("macro_f1", "micro_f1", "per_driver", "per_language",
                                                   "negation_fpr", "hard_negative_fpr") if k in s}
                             for c, s in test_scores.items()}},
        "evaluations": evaluations,
    }
    directory = save_model(model, out_dir, meta)
    return TrainResult(model=model, directory=directory, dev=dev_scores, test=test_scores, chosen=chosen)


def _none_rows(clf) -> str:
    used, total = getattr(clf, "none_head_rows_", None), getattr(clf, "n_rows_", None)
    if not getattr(clf, "has_none_head_", False) or used is None or used == total:
        return ""
    return (f" (fitted on the {used} of {total} rows that have a driver or are tagged as a negated, hypothetical "
            "or false-friend mention)")


def _describe(candidate: str, estimator) -> str:
    if candidate == SKLEARN:
        clf = estimator[-1]
        words = estimator[0][1].transformer_list[0][1]
        gaps = "/".join(map(str, words.analyzer.gaps))
        skips = f" and word pairs {gaps} positions apart" if gaps else ""
        channels = " and channel features (channels named, their number and pairs, contacts told)" \
            if words.analyzer.channels else ""
        return ("scikit-learn Pipeline: one tokenisation per text into two views (negated/hypothetical scopes "
                f"marked) -> TF-IDF word 1-2-grams{skips}{channels} over scope-marked tokens (seen in >= {words.min_df} "
                "training answers) + TF-IDF character 3-6-grams over "
                "folded words (scoped words kept apart in upper case) -> one logistic regression per driver "
                f"(liblinear, C={clf.C:g}) plus a none head{_none_rows(clf)}, features scaled per head by a naive-Bayes prior "
                f"(nb_weight={clf.nb_weight:g}), each Platt-calibrated on {clf.cv}-fold out-of-fold "
                f"scores with its log-odds multiplied by sharpen={clf.sharpen:g}; driver score = p_driver * "
                f"(1 - p_none)^{clf.none_power:g}, per-driver F1-optimal thresholds.")
    return "spaCy textcat_multilabel (TextCatBOW.v3, uni+bigrams) on folded text, 0.5 cut-off."
