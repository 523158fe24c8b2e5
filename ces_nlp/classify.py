"""Classifying a validated export: every input column plus ``lang``, ``drivers`` and ``score_<driver>``.

Rows without a comment keep ``lang`` and ``drivers`` empty and their scores blank
(NaN): there is nothing to score, and they still count in reports as "no comment".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .artifact import DriverModel
from .ingest import Export
from .langid import detect_languages

DRIVER_SEP = ";"


def score_column(driver: str) -> str:
    return f"score_{driver}"


def join_drivers(indicator_row, drivers) -> str:
    return DRIVER_SEP.join(d for d, v in zip(drivers, indicator_row) if v)


def classify_texts(model: DriverModel, texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(languages, probabilities, 0/1 indicators) for the given texts, empty ones left unscored."""
    n, k = len(texts), len(model.drivers)
    has = np.array([bool(str(t).strip()) for t in texts], dtype=bool)
    proba = np.full((n, k), np.nan)
    ind = np.zeros((n, k), dtype=int)
    idx = np.flatnonzero(has)
    if len(idx):
        sub = [texts[i] for i in idx]
        proba[idx] = model.predict_proba(sub)
        ind[idx] = model.indicator(proba[idx])
    langs = detect_languages(texts)
    return langs, proba, ind


def classify_export(model: DriverModel, export: Export) -> pd.DataFrame:
    """The export's accepted rows with the classification columns added."""
    texts = export.text.tolist()
    langs, proba, ind = classify_texts(model, texts)
    out = export.frame.copy()
    for col in ["lang", "drivers", *map(score_column, model.drivers)]:
        if col in out.columns:
            out = out.rename(columns={col: f"input_{col}"})
    out["lang"] = langs
    out["drivers"] = [join_drivers(row, model.drivers) for row in ind]
    for j, d in enumerate(model.drivers):
        out[score_column(d)] = np.round(proba[:, j], 4)
    return out
