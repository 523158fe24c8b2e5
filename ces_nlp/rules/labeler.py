"""Applying labeling rules and combining their votes into probabilistic labels.

:class:`RuleSet` runs the rules for one taxonomy over texts and returns a vote
matrix: one column per (rule, driver) pair, values ``1`` (present), ``0``
(absent) or ``-1`` (abstain). It holds

* the catalog rules (:mod:`ces_nlp.rules.catalog`) for the taxonomy's drivers,
* a generic cue rule ``<driver>.<lang>.cue_v1`` per driver and language built
  from the taxonomy's cue hints (so a custom driver gets rules too),
* ``<driver>.negated_mention_v1``: votes ``0`` when a positive rule of that
  driver matched inside a negated or hypothetical clause.

:class:`LabelModel` turns votes into a probability per driver, naive-Bayes style:
it starts from the driver's base rate (log-odds) and adds, per vote, the evidence
that vote carries: the log-odds of the rule's accuracy (measured on labelled
data, Laplace-smoothed; ``default_accuracy`` for rules never seen firing there)
minus the base-rate log-odds. One vote alone thus gives the rule's accuracy;
votes for a driver push it up, votes against push it down. (Adding the raw
accuracy log-odds to the base rate, as before, let a single vote of a 75%-accurate
rule stay below 0.5 for any driver rarer than 25%.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..taxonomy import Taxonomy
from .catalog import default_rules
from .engine import ABSTAIN, ALL_DRIVERS, Rule, blank_pipeline, compile_pattern, in_negated_or_hypothetical_scope, phrase_pattern

RULE_LANGS = ("en", "de", "nl", "et")


def negated_rule_name(driver: str) -> str:
    return f"{driver}.negated_mention_v1"


@dataclass
class RuleSet:
    taxonomy: Taxonomy
    rules: list[Rule] = field(default_factory=list)

    @classmethod
    def for_taxonomy(cls, taxonomy: Taxonomy, extra: list[Rule] | None = None) -> "RuleSet":
        ids = set(taxonomy.ids)
        rules = [r for r in default_rules() if ALL_DRIVERS in r.drivers or set(r.drivers) <= ids]
        for driver in taxonomy.drivers:
            for lang, phrases in driver.cues.items():
                rules.append(Rule(name=f"{driver.id}.{lang}.cue_v1", drivers=(driver.id,), lang=lang,
                                  patterns=tuple(phrase_pattern(p) for p in phrases)))
        rules.extend(extra or [])
        return cls(taxonomy=taxonomy, rules=rules)

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(rule name, driver) per vote column, in a fixed order."""
        cols = []
        for r in self.rules:
            targets = self.taxonomy.ids if ALL_DRIVERS in r.drivers else list(r.drivers)
            cols.extend((r.name, d) for d in targets)
        cols.extend((negated_rule_name(d), d) for d in self.taxonomy.ids)
        return cols

    def _matcher(self):
        if getattr(self, "_cached_matcher", None) is None:
            from spacy.matcher import Matcher

            matcher = Matcher(blank_pipeline("en").vocab, validate=True)
            for r in self.rules:
                matcher.add(r.name, [compile_pattern(p) for p in r.patterns])
            self._cached_matcher = matcher
        return self._cached_matcher

    def votes(self, texts, langs=None) -> np.ndarray:
        """Vote matrix (n_texts x n_columns) of int8: 1, 0 or -1 (abstain)."""
        texts = ["" if t is None else str(t) for t in texts]
        if langs is None:
            from ..langid import detect_languages
            langs = detect_languages(texts)
        cols = self.columns
        col_index = {c: i for i, c in enumerate(cols)}
        from spacy.strings import hash_string

        by_hash = {hash_string(r.name): r for r in self.rules}
        out = np.full((len(texts), len(cols)), ABSTAIN, dtype=np.int8)
        matcher = self._matcher()
        # Tokenise each language with its own pipeline (lemmas differ); every rule runs on every text,
        # since answers mix languages and detection of very short answers is uncertain.
        order = pd.Series(list(langs)).map(lambda x: x if x in RULE_LANGS else "xx")
        for lang, idx in order.groupby(order).groups.items():
            nlp = blank_pipeline(lang)
            for row, doc in zip(idx, nlp.pipe((texts[i] for i in idx), batch_size=256)):
                for match_id, start, _end in matcher(doc):
                    rule = by_hash[match_id]
                    if rule.vote == 1 and rule.check_scope and in_negated_or_hypothetical_scope(doc, start):
                        for d in rule.drivers:
                            out[row, col_index[(negated_rule_name(d), d)]] = 0
                        continue
                    targets = self.taxonomy.ids if ALL_DRIVERS in rule.drivers else rule.drivers
                    for d in targets:
                        c = col_index[(rule.name, d)]
                        # a positive vote for a driver wins over a praise vote against it in the same text
                        out[row, c] = max(out[row, c], rule.vote) if out[row, c] != ABSTAIN else rule.vote
        return out


@dataclass
class LabelModel:
    """Accuracy-weighted vote combination (see module docstring)."""

    drivers: list[str]
    columns: list[tuple[str, str]]
    default_accuracy: float = 0.75
    accuracies_: dict[str, float] = field(default_factory=dict)
    priors_: dict[str, float] = field(default_factory=dict)

    def fit(self, votes: np.ndarray, Y: np.ndarray) -> "LabelModel":
        Y = np.asarray(Y)
        self.accuracies_ = {}
        for c, (name, driver) in enumerate(self.columns):
            y = Y[:, self.drivers.index(driver)]
            fired = votes[:, c] != ABSTAIN
            n = int(fired.sum())
            correct = int((votes[fired, c] == y[fired]).sum())
            self.accuracies_[f"{name}|{driver}"] = (correct + 1) / (n + 2) if n else self.default_accuracy
        self.priors_ = {d: float(np.clip(Y[:, j].mean(), 0.02, 0.98)) for j, d in enumerate(self.drivers)}
        return self

    def accuracy(self, name: str, driver: str) -> float:
        return self.accuracies_.get(f"{name}|{driver}", self.default_accuracy)

    def predict_proba(self, votes: np.ndarray) -> np.ndarray:
        n = votes.shape[0]
        logits = np.zeros((n, len(self.drivers)))
        prior_logit = {}
        for j, d in enumerate(self.drivers):
            p = self.priors_.get(d, 0.1)
            prior_logit[d] = np.log(p / (1 - p))
            logits[:, j] = prior_logit[d]
        for c, (name, driver) in enumerate(self.columns):
            acc = float(np.clip(self.accuracy(name, driver), 0.05, 0.95))
            acc_logit = np.log(acc / (1 - acc))
            # Evidence of a vote = posterior log-odds given the vote minus the prior log-odds, so that one
            # vote alone yields the rule's accuracy; a rule no better than the base rate carries no weight.
            for_ = max(acc_logit - prior_logit[driver], 0.0)
            against = max(acc_logit + prior_logit[driver], 0.0)
            j = self.drivers.index(driver)
            col = votes[:, c]
            logits[:, j] += np.where(col == 1, for_, 0.0) - np.where(col == 0, against, 0.0)
        return 1.0 / (1.0 + np.exp(-logits))


class WeakLabeler:
    """Rules plus label model, with the same ``predict``/``predict_proba`` interface as a trained model."""

    def __init__(self, taxonomy: Taxonomy, threshold: float = 0.5):
        self.taxonomy = taxonomy
        self.drivers = taxonomy.ids
        self.ruleset = RuleSet.for_taxonomy(taxonomy)
        self.label_model = LabelModel(self.drivers, self.ruleset.columns)
        self.threshold = threshold

    def fit(self, texts, Y, langs=None) -> "WeakLabeler":
        self.label_model.fit(self.ruleset.votes(texts, langs), Y)
        return self

    def predict_proba(self, texts, langs=None) -> np.ndarray:
        return self.label_model.predict_proba(self.ruleset.votes(texts, langs))

    def predict_indicator(self, texts, langs=None) -> np.ndarray:
        return (self.predict_proba(texts, langs) >= self.threshold).astype(int)

    def predict(self, texts, langs=None) -> list[list[str]]:
        ind = self.predict_indicator(texts, langs)
        return [[d for d, v in zip(self.drivers, row) if v] for row in ind]


def label_frame(labeler: WeakLabeler, frame: pd.DataFrame, texts: list[str]) -> pd.DataFrame:
    """``frame`` plus ``lang``, ``p_<driver>`` probabilities and ``weak_drivers`` (empty texts left blank)."""
    from ..langid import detect_languages

    langs = detect_languages(texts)
    has = np.array([bool(t.strip()) for t in texts], dtype=bool)
    proba = np.full((len(texts), len(labeler.drivers)), np.nan)
    idx = np.flatnonzero(has)
    if len(idx):
        proba[idx] = labeler.predict_proba([texts[i] for i in idx], [langs[i] for i in idx])
    out = frame.copy()
    out["lang"] = langs
    for j, d in enumerate(labeler.drivers):
        out[f"p_{d}"] = np.round(proba[:, j], 4)
    out["weak_drivers"] = [";".join(d for d, p in zip(labeler.drivers, row) if p >= labeler.threshold)
                           for row in np.nan_to_num(proba)]
    return out
