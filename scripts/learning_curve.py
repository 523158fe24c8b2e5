"""How the default classifier's dev macro-F1 grows with the number of gold training rows.

Fits the shipped pipeline (same settings as ``ces-nlp train``) on nested random shares of the
gold train split, scores each on the dev split and prints a Markdown table (mean over seeds).

    python scripts/learning_curve.py [--gold data/gold/gold.csv] [--fractions 0.125 0.25 0.5 1] [--seeds 0 1]
"""

import argparse
import sys

import numpy as np

from ces_nlp.dataset import load_labelled
from ces_nlp.evaluate import learning_curve
from ces_nlp.paths import GOLD_FILE
from ces_nlp.taxonomy import load_taxonomy
from ces_nlp.train import TrainConfig, fit_pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(GOLD_FILE))
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.125, 0.25, 0.5, 1.0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    args = ap.parse_args()
    taxonomy = load_taxonomy()
    gold = load_labelled(args.gold, taxonomy)
    cfg = TrainConfig()
    dev = gold.split("dev")
    rows = learning_curve(gold.split("train"), dev, lambda part: fit_pipeline(part, taxonomy, cfg),
                          fractions=args.fractions, seeds=args.seeds, progress=lambda m: print(m, file=sys.stderr))
    langs = sorted(rows[0]["per_language"])
    print(f"dev split: {len(dev)} rows; mean over seeds {', '.join(map(str, args.seeds))}\n")
    print("| training rows | dev macro-F1 | " + " | ".join(langs) + " | negated/hypothetical FP rate |")
    print("|---" * (3 + len(langs)) + "|")
    for fraction in sorted(args.fractions):
        at = [r for r in rows if r["fraction"] == fraction]
        fpr = [r["negation_fpr"] for r in at if r["negation_fpr"] is not None]
        cells = [f"{np.mean([r['per_language'][lang] for r in at]):.3f}" for lang in langs]
        fpr_cell = f"{np.mean(fpr):.1%}" if fpr else "n/a"
        print(f"| {round(np.mean([r['rows'] for r in at])):,} | {np.mean([r['macro_f1'] for r in at]):.3f} | "
              + " | ".join(cells) + f" | {fpr_cell} |")


if __name__ == "__main__":
    main()
