"""Per-rule diagnostics: coverage, overlap, conflict and accuracy on labelled data.

For each rule (all its vote columns together):

* ``coverage``: share of texts on which it votes;
* ``overlap``: share of texts on which it votes and another rule votes on the same driver;
* ``conflict``: share of texts on which it votes and another rule votes the other way on the same driver;
* ``accuracy``: share of its votes that agree with the gold label (when gold is given), with ``votes``
  the number of votes it was measured on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .engine import ABSTAIN
from .labeler import RuleSet


def rule_report(ruleset: RuleSet, votes: np.ndarray, Y: np.ndarray | None = None) -> pd.DataFrame:
    cols = ruleset.columns
    drivers = ruleset.taxonomy.ids
    n = votes.shape[0]
    fired = votes != ABSTAIN
    rows = []
    names = list(dict.fromkeys(name for name, _ in cols))
    for name in names:
        idx = [c for c, (nm, _) in enumerate(cols) if nm == name]
        any_vote = fired[:, idx].any(axis=1)
        overlap = np.zeros(n, dtype=bool)
        conflict = np.zeros(n, dtype=bool)
        correct = total = 0
        for c in idx:
            driver = cols[c][1]
            others = [o for o, (nm, d) in enumerate(cols) if d == driver and nm != name]
            mine = fired[:, c]
            if others:
                other_votes = votes[:, others]
                overlap |= mine & (other_votes != ABSTAIN).any(axis=1)
                conflict |= mine & ((other_votes != ABSTAIN) & (other_votes != votes[:, [c]])).any(axis=1)
            if Y is not None:
                y = Y[:, drivers.index(driver)]
                correct += int((votes[mine, c] == y[mine]).sum())
                total += int(mine.sum())
        rows.append({
            "rule": name,
            "drivers": ",".join(sorted({cols[c][1] for c in idx})) if len(idx) < len(drivers) else "*",
            "coverage": round(float(any_vote.mean()) if n else 0.0, 4),
            "overlap": round(float(overlap.mean()) if n else 0.0, 4),
            "conflict": round(float(conflict.mean()) if n else 0.0, 4),
            "votes": total if Y is not None else int(fired[:, idx].sum()),
            "accuracy": round(correct / total, 4) if Y is not None and total else None,
        })
    return pd.DataFrame(rows)
