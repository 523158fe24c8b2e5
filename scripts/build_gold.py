"""Rebuild data/gold/gold.csv from the hand-written answers in data/gold/raw/<lang>.jsonl.

Deduplicates texts (case- and whitespace-insensitive), assigns fixed, stratified
train/dev/test splits (seed 13: per language x label set x hard-negative flag,
70/15/15) and numbers rows g-<lang>-NNNN.

    python scripts/build_gold.py
"""

from ces_nlp.dataset import build_gold
from ces_nlp.paths import GOLD_FILE, GOLD_RAW_DIR
from ces_nlp.taxonomy import load_taxonomy


def main() -> None:
    gold = build_gold(GOLD_RAW_DIR, load_taxonomy().ids)
    GOLD_FILE.parent.mkdir(parents=True, exist_ok=True)
    gold.to_csv(GOLD_FILE, index=False)
    print(f"{len(gold)} rows -> {GOLD_FILE}")
    print(gold.groupby(["lang", "split"]).size().unstack())


if __name__ == "__main__":
    main()
