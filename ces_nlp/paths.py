"""Where the project keeps its shipped data and models (relative to the source checkout)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
GOLD_FILE = DATA_DIR / "gold" / "gold.csv"
GOLD_RAW_DIR = DATA_DIR / "gold" / "raw"
GOLD_CORRECTIONS_FILE = DATA_DIR / "gold" / "corrections.jsonl"
GOLD_SECOND_ANNOTATION = DATA_DIR / "gold" / "second_annotation.csv"
DEMO_EXPORT = DATA_DIR / "demo" / "survey_export.csv"
MODELS_DIR = PROJECT_ROOT / "models"
