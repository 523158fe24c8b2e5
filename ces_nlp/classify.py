"""Classifying a validated export: every input column plus ``lang``, ``drivers`` and ``score_<driver>``.

Rows without a comment keep ``lang`` and ``drivers`` empty and their scores blank
(NaN): there is nothing to score, and they still count in reports as "no comment".

Scoring is split in two steps so that the expensive one can run elsewhere (a
worker process, a Dask worker): :func:`score_texts` detects the language and
scores each *distinct* non-empty text once, and :func:`assemble` adds the
columns to the export's rows. :func:`classify_export` does both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .artifact import DriverModel
from .ingest import Export
from .langid import detect_languages

DRIVER_SEP = ";"
SCORE_DECIMALS = 4


def score_column(driver: str) -> str:
    return f"score_{driver}"


def join_drivers(indicator_row, drivers) -> str:
    return DRIVER_SEP.join(d for d, v in zip(drivers, indicator_row) if v)


def driver_strings(ind: np.ndarray, drivers) -> list[str]:
    """``drivers`` values for a 0/1 indicator matrix (one string per combination, looked up)."""
    k = len(drivers)
    if k > 16:
        return [join_drivers(row, drivers) for row in ind]
    masks = np.asarray(ind, dtype=np.int64) @ (1 << np.arange(k, dtype=np.int64))
    table = np.array([join_drivers([(m >> j) & 1 for j in range(k)], drivers) for m in range(1 << k)], dtype=object)
    return table[masks].tolist()


def score_texts(model: DriverModel, texts, *, parallel: bool = True) -> tuple[list[str], np.ndarray]:
    """(language per text, probability matrix) with every distinct text scored once; empty texts get
    language "" and NaN scores. ``parallel=False`` keeps language detection on one thread."""
    codes, uniques = pd.factorize(pd.Series(list(texts), dtype=object).fillna("").astype(str))
    uniques = list(uniques)
    has = np.array([bool(t.strip()) for t in uniques], dtype=bool)
    u_proba = np.full((len(uniques), len(model.drivers)), np.nan)
    idx = np.flatnonzero(has)
    if len(idx):
        u_proba[idx] = model.predict_proba([uniques[i] for i in idx])
    u_langs = np.array([""] * len(uniques), dtype=object)
    if len(idx):
        u_langs[idx] = detect_languages([uniques[i] for i in idx], parallel=parallel)
    return u_langs[codes].tolist(), u_proba[codes]


def classify_texts(model: DriverModel, texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(languages, probabilities, 0/1 indicators) for the given texts, empty ones left unscored."""
    langs, proba = score_texts(model, texts)
    ind = np.zeros(proba.shape, dtype=int)
    scored = ~np.isnan(proba).any(axis=1)
    if scored.any():
        ind[scored] = model.indicator(proba[scored])
    return langs, proba, ind


def assemble(export: Export, drivers: list[str], thresholds, langs, proba: np.ndarray) -> pd.DataFrame:
    """The export's accepted rows with ``lang``, ``drivers`` and ``score_<driver>`` added.

    Input columns that clash with those names are kept as ``input_<name>``.
    """
    out = export.frame.copy()
    for col in ["lang", "drivers", *map(score_column, drivers)]:
        if col in out.columns:
            out = out.rename(columns={col: f"input_{col}"})
    ind = proba >= np.asarray(thresholds, dtype=float)  # NaN compares False: unscored rows get no driver
    out["lang"] = list(langs)
    out["drivers"] = driver_strings(ind, drivers) if len(out) else []
    for j, d in enumerate(drivers):
        out[score_column(d)] = np.round(proba[:, j], SCORE_DECIMALS) if len(out) else []
    return out


def classify_export(model: DriverModel, export: Export) -> pd.DataFrame:
    """The export's accepted rows with the classification columns added."""
    langs, proba = score_texts(model, export.text.tolist())
    return assemble(export, model.drivers, threshold_vector(model), langs, proba)


def threshold_vector(model: DriverModel) -> np.ndarray:
    return np.array([model.thresholds[d] for d in model.drivers], dtype=float)
