"""Models as directories with provenance, and the object that scores texts.

A model directory holds

* ``model.joblib``: the fitted estimator (a scikit-learn ``Pipeline`` taking raw
  texts and returning one 0/1 column per driver from ``predict``);
* ``metadata.json``: name, version, the sha256 of ``model.joblib``, Python,
  scikit-learn, spaCy and NumPy versions, the taxonomy (id, version, drivers,
  fingerprint), thresholds, training-data fingerprints, metrics and evaluations;
* ``README.md``: the model card, generated from the metadata.

:func:`load_model` checks the checksum before unpickling anything and refuses a
file that does not match, or a taxonomy other than the one the model was trained
with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
import json
import os
import platform
import warnings
from pathlib import Path

import joblib
import numpy as np

from .paths import MODELS_DIR
from .errors import ModelIntegrityError, ModelNotFoundError, TaxonomyMismatchError
from .taxonomy import Taxonomy, parse_taxonomy

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
CARD_FILE = "README.md"
DEFAULT_MODEL_NAME = "ces-drivers"
MODEL_DIR_ENV = "CES_MODEL_DIR"


def default_model_dir() -> Path:
    """``$CES_MODEL_DIR`` if set, else the model shipped in the project's ``models/`` folder."""
    env = os.environ.get(MODEL_DIR_ENV)
    if env:
        return Path(env)
    return MODELS_DIR / DEFAULT_MODEL_NAME


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def library_versions() -> dict:
    import sklearn
    import spacy

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "spacy": spacy.__version__,
            "numpy": np.__version__, "joblib": joblib.__version__}


_UNSET = object()
_FEW = 4  # up to this many texts, scoring one by one is faster than building sparse matrices


class DriverModel:
    """A trained driver classifier bound to its taxonomy.

    ``predict(texts)`` gives the driver ids per text; ``predict_proba(texts)`` an
    (n_texts x n_drivers) array of driver scores in [0, 1] (for the default pipeline:
    calibrated probabilities scaled by its none head), columns in the order of
    ``drivers``; ``score_one(text)`` a {driver: score} dict for one text.
    Scoring goes through :class:`ces_nlp.model.CompiledScorer` when the estimator is
    the default pipeline: the same probabilities as ``estimator.predict_proba``,
    without its per-call overhead.
    """

    def __init__(self, estimator, taxonomy: Taxonomy, name: str = DEFAULT_MODEL_NAME, version: str = "0",
                 metadata: dict | None = None, path: Path | None = None):
        self.estimator = estimator
        self.taxonomy = taxonomy
        self.name = name
        self.version = version
        self.metadata = metadata or {}
        self.path = path
        self._scorer = _UNSET

    @property
    def drivers(self) -> list[str]:
        return self.taxonomy.ids

    @property
    def thresholds(self) -> dict[str, float]:
        final = self.estimator[-1] if hasattr(self.estimator, "steps") else self.estimator
        return {d: float(t) for d, t in zip(self.drivers, final.thresholds_)}

    @staticmethod
    def _texts(texts) -> list[str]:
        if isinstance(texts, str):
            raise TypeError("pass a list of texts, not a single string")
        return ["" if t is None else str(t) for t in texts]

    @property
    def scorer(self):
        """The fast scorer compiled from the estimator (``None`` when the estimator is not the default
        pipeline, e.g. the spaCy candidate); built on first use."""
        if self._scorer is _UNSET:
            from .model import compile_scorer
            self._scorer = compile_scorer(self.estimator)
        return self._scorer

    def predict_proba(self, texts) -> np.ndarray:
        texts = self._texts(texts)
        if not texts:
            return np.zeros((0, len(self.drivers)))
        scorer = self.scorer
        if scorer is None:
            return np.asarray(self.estimator.predict_proba(texts), dtype=float)
        if len(texts) <= _FEW:
            return np.vstack([scorer.proba_one(t) for t in texts])
        return scorer.proba(texts)

    def score_one(self, text: str) -> dict[str, float]:
        """Probability per driver for one text: the lean path for single-text callers (a service)."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        scorer = self.scorer
        p = scorer.proba_one(text) if scorer is not None else self.estimator.predict_proba([text])[0]
        return {d: float(v) for d, v in zip(self.drivers, p)}

    def indicator(self, proba: np.ndarray) -> np.ndarray:
        """0/1 per driver from probabilities, with the model's per-driver thresholds."""
        return (np.asarray(proba) >= np.array(list(self.thresholds.values()))).astype(int)

    def predict_indicator(self, texts) -> np.ndarray:
        return self.indicator(self.predict_proba(texts))

    def predict(self, texts) -> list[list[str]]:
        ind = self.predict_indicator(texts)
        return [[d for d, v in zip(self.drivers, row) if v] for row in ind]

    def __repr__(self) -> str:
        return f"DriverModel(name={self.name!r}, version={self.version!r}, drivers={self.drivers})"


def save_model(model: DriverModel, directory: str | Path, metadata: dict) -> Path:
    """Write the model directory; ``metadata`` adds training details and metrics."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    model_path = d / MODEL_FILE
    joblib.dump(model.estimator, model_path, compress=3)
    meta = {
        "name": model.name,
        "version": model.version,
        "model_file": MODEL_FILE,
        "sha256": sha256_file(model_path),
        "library_versions": library_versions(),
        "taxonomy": model.taxonomy.ref(),
        "taxonomy_definition": model.taxonomy.to_dict(),
        "thresholds": model.thresholds,
        **metadata,
    }
    write_metadata(d, meta)
    model.metadata, model.path = meta, d
    return d


def write_metadata(directory: Path, meta: dict) -> None:
    from .card import render_card

    (directory / METADATA_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (directory / CARD_FILE).write_text(render_card(meta), encoding="utf-8")


def read_metadata(directory: str | Path) -> dict:
    d = Path(directory)
    meta_path = d / METADATA_FILE
    if not d.is_dir():
        raise ModelNotFoundError(f"model directory not found: {d} (train one with 'ces-nlp train' or pass --model)")
    if not meta_path.is_file():
        raise ModelNotFoundError(f"{d} has no {METADATA_FILE}; it is not a ces-nlp model directory")
    try:
        return json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelIntegrityError(f"{meta_path} is not valid JSON ({exc})") from exc


@dataclass(frozen=True)
class ModelInfo:
    """A verified model directory, not yet unpickled: enough to name it and hand it to workers."""

    path: Path
    name: str
    version: str
    taxonomy: Taxonomy
    metadata: dict

    @property
    def drivers(self) -> list[str]:
        return self.taxonomy.ids


def inspect_model(path: str | Path | None = None, taxonomy: Taxonomy | None = None) -> ModelInfo:
    """Verify a model directory (default: :func:`default_model_dir`): its checksum and, when given, that it
    was trained with ``taxonomy``; the estimator itself is not loaded."""
    d = Path(path) if path is not None else default_model_dir()
    meta = read_metadata(d)
    model_path = d / meta.get("model_file", MODEL_FILE)
    if not model_path.is_file():
        raise ModelNotFoundError(f"{model_path} is missing")
    actual = sha256_file(model_path)
    if actual != meta.get("sha256"):
        raise ModelIntegrityError(
            f"{model_path} does not match the checksum in {d / METADATA_FILE} "
            f"(expected {str(meta.get('sha256'))[:12]}..., found {actual[:12]}...): the file was changed or "
            "corrupted; restore it or retrain the model")
    trained = parse_taxonomy(meta["taxonomy_definition"], source=f"{d / METADATA_FILE}")
    if taxonomy is not None:
        if (taxonomy.id, taxonomy.version, taxonomy.ids) != (trained.id, trained.version, trained.ids):
            raise TaxonomyMismatchError(
                f"model {d} was trained with taxonomy '{trained.id}' {trained.version} ({', '.join(trained.ids)}) "
                f"but taxonomy '{taxonomy.id}' {taxonomy.version} ({', '.join(taxonomy.ids)}) was requested; "
                "use a model trained with that taxonomy (ces-nlp train --taxonomy ...)")
    return ModelInfo(d, meta.get("name", d.name), str(meta.get("version", "0")), trained, meta)


def load_model(path: str | Path | None = None, taxonomy: Taxonomy | None = None) -> DriverModel:
    """Load a model directory (default: :func:`default_model_dir`), verifying it first."""
    info = inspect_model(path, taxonomy)
    ours = library_versions()
    theirs = info.metadata.get("library_versions", {})
    if theirs.get("scikit-learn") and theirs["scikit-learn"] != ours["scikit-learn"]:
        warnings.warn(f"model {info.path} was saved with scikit-learn {theirs['scikit-learn']}, running "
                      f"{ours['scikit-learn']}; retrain if predictions look off", stacklevel=2)
    estimator = joblib.load(info.path / info.metadata.get("model_file", MODEL_FILE))
    return DriverModel(estimator, info.taxonomy, name=info.name, version=info.version, metadata=info.metadata,
                       path=info.path)
