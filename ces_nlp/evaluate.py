"""Scoring predictions against labelled data.

``evaluate_predictions`` returns plain data (a dict that serialises to JSON):

* ``per_driver``: precision, recall, F1, support, TP/FP/FN per driver;
* ``macro_f1`` (mean of per-driver F1) and ``micro_f1`` (pooled counts);
* ``per_language``: the same per language; a language's macro-F1 averages the
  drivers that occur in it (support > 0), so a driver absent from a slice does
  not count as a zero;
* ``none_fpr``: share of rows with no gold driver that got at least one predicted;
* ``hard_negative_fpr``: the same over rows tagged as hard negatives
  (negated/hypothetical mentions, praise, other complaints, vague, false friends);
* ``negation_fpr``: share of rows tagged ``negation`` or ``hypothetical`` that
  got a driver their gold labels do not have (the guard against reading "I did
  not have to repeat anything" as a repeat);
* ``errors``: a seeded sample of wrongly labelled rows.

``annotator_agreement`` compares two annotations of the same rows (matched by id):
F1 of one against the other per driver (symmetric), their macro mean overall and per
language, and Cohen's kappa per driver.

``learning_curve`` refits a model on growing, nested random shares of a training set and
scores each fit on the same held-out set: how much labelled data a taxonomy needs, and
whether more would still help.
"""

from __future__ import annotations

import numpy as np

from .dataset import LabelledSet


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def multilabel_scores(Y: np.ndarray, P: np.ndarray, drivers: list[str], skip_absent: bool = False) -> dict:
    Y, P = np.asarray(Y, dtype=int), np.asarray(P, dtype=int)
    per = {}
    tps = fps = fns = 0
    f1s = []
    for j, d in enumerate(drivers):
        tp = int(((P[:, j] == 1) & (Y[:, j] == 1)).sum())
        fp = int(((P[:, j] == 1) & (Y[:, j] == 0)).sum())
        fn = int(((P[:, j] == 0) & (Y[:, j] == 1)).sum())
        p, r, f = _prf(tp, fp, fn)
        support = int(Y[:, j].sum())
        per[d] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": support,
                  "tp": tp, "fp": fp, "fn": fn}
        tps, fps, fns = tps + tp, fps + fp, fns + fn
        if support > 0 or not skip_absent:
            f1s.append(f)
    micro = _prf(tps, fps, fns)[2]
    return {"n": int(len(Y)), "per_driver": per, "macro_f1": round(float(np.mean(f1s)), 4) if f1s else None,
            "micro_f1": round(micro, 4)}


def _rate(mask: np.ndarray, hit: np.ndarray) -> dict:
    n = int(mask.sum())
    k = int((hit & mask).sum())
    return {"n": n, "false_positives": k, "rate": round(k / n, 4) if n else None}


def evaluate_predictions(data: LabelledSet, P: np.ndarray, langs: list[str] | None = None,
                         n_errors: int = 25, seed: int = 0) -> dict:
    P = np.asarray(P, dtype=int)
    Y = data.Y
    drivers = data.drivers
    result = multilabel_scores(Y, P, drivers)
    langs = langs if langs is not None else data.langs
    result["per_language"] = {}
    for lang in sorted(set(langs)):
        m = np.array([x == lang for x in langs])
        result["per_language"][lang or "unknown"] = multilabel_scores(Y[m], P[m], drivers, skip_absent=True)
    spurious = ((P == 1) & (Y == 0)).any(axis=1)
    none = Y.sum(axis=1) == 0
    result["none_fpr"] = _rate(none, spurious)
    if any(data.tags):
        result["hard_negative_fpr"] = _rate(data.hard_negative, spurious)
        result["negation_fpr"] = _rate(data.negated_or_hypothetical, spurious)
    wrong = np.flatnonzero((P != Y).any(axis=1))
    rng = np.random.default_rng(seed)
    pick = np.sort(rng.choice(wrong, size=min(n_errors, len(wrong)), replace=False)) if len(wrong) else []
    result["errors"] = [{
        "row": int(i) + 1,
        "id": str(data.frame["id"].iloc[i]) if "id" in data.frame.columns else None,
        "lang": langs[i],
        "text": data.texts[i],
        "gold": [d for d, v in zip(drivers, Y[i]) if v],
        "predicted": [d for d, v in zip(drivers, P[i]) if v],
    } for i in pick]
    result["n_wrong_rows"] = int(len(wrong))
    return result


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two binary label vectors (None when chance agreement is total)."""
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    observed = float((a == b).mean())
    chance = float(a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean()))
    return round((observed - chance) / (1 - chance), 4) if chance < 1 else None


def annotator_agreement(first: LabelledSet, second: LabelledSet) -> dict:
    """Agreement of two annotations of the same rows, matched by their ``id`` column."""
    if first.drivers != second.drivers:
        raise ValueError("the two annotations use different drivers")
    where = {str(i): k for k, i in enumerate(first.frame["id"])}
    ids = [str(i) for i in second.frame["id"]]
    missing = [i for i in ids if i not in where]
    if missing:
        raise ValueError(f"{len(missing)} ids of the second annotation are not in the first, e.g. {missing[:3]}")
    rows = [where[i] for i in ids]
    A, B = first.Y[rows], second.Y
    langs = [first.langs[k] for k in rows]
    result = multilabel_scores(A, B, first.drivers)
    result["per_language"] = {lang: multilabel_scores(A[m], B[m], first.drivers, skip_absent=True)["macro_f1"]
                              for lang in sorted(set(langs)) for m in [np.array([x == lang for x in langs])]}
    result["kappa"] = {d: cohen_kappa(A[:, j], B[:, j]) for j, d in enumerate(first.drivers)}
    result["rows_differing"] = int((A != B).any(axis=1).sum())
    return result


def learning_curve(train: LabelledSet, held_out: LabelledSet, fit_on, fractions=(0.25, 0.5, 1.0),
                   seeds=(0,), progress=lambda msg: None) -> list[dict]:
    """Scores of ``fit_on(part)`` (a fitted estimator) for shares of ``train``, evaluated on ``held_out``.

    For each seed the training rows are shuffled once and every fraction takes the first
    ``round(fraction * n)`` of them, so a larger share contains the smaller ones. A share with no
    positive row for some driver is still fitted: the estimator decides what that means.
    """
    bad = [f for f in fractions if not 0 < f <= 1]
    if bad:
        raise ValueError(f"fractions must be in (0, 1], got {bad}")
    rows = []
    for seed in seeds:
        order = np.random.default_rng(seed).permutation(len(train))
        for fraction in sorted(fractions):
            take = order[: max(1, round(fraction * len(train)))]
            part = train.subset(np.isin(np.arange(len(train)), take))
            progress(f"seed {seed}: fitting on {len(part)} rows ({fraction:.0%})")
            est = fit_on(part)
            result = evaluate_predictions(held_out, est.predict(held_out.texts), n_errors=0)
            rows.append({"seed": seed, "fraction": fraction, "rows": len(part), "macro_f1": result["macro_f1"],
                         "per_language": {k: v["macro_f1"] for k, v in result["per_language"].items()},
                         "negation_fpr": result.get("negation_fpr", {}).get("rate")})
    return rows


def format_report(result: dict, title: str = "") -> str:
    """A plain-text table of an evaluation result."""
    lines = [title] if title else []
    lines.append(f"rows: {result['n']}   macro-F1: {result['macro_f1']:.3f}   micro-F1: {result['micro_f1']:.3f}")
    lines.append(f"{'driver':<20} {'prec':>6} {'recall':>6} {'F1':>6} {'support':>8}")
    for d, s in result["per_driver"].items():
        lines.append(f"{d:<20} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['support']:>8}")
    lines.append("per language (macro-F1 over drivers present / micro-F1 / rows):")
    for lang, s in result["per_language"].items():
        macro = "  n/a" if s["macro_f1"] is None else f"{s['macro_f1']:.3f}"
        lines.append(f"  {lang:<8} {macro}  {s['micro_f1']:.3f}  {s['n']}")
    for key, label in (("none_fpr", "rows without driver given one"),
                       ("hard_negative_fpr", "hard negatives given a driver"),
                       ("negation_fpr", "negated/hypothetical rows given a wrong driver")):
        if key in result and result[key]["n"]:
            r = result[key]
            lines.append(f"{label}: {r['false_positives']}/{r['n']} = {r['rate']:.1%}")
    if result.get("errors"):
        lines.append(f"sample of errors ({len(result['errors'])} of {result['n_wrong_rows']} wrong rows):")
        for e in result["errors"][:10]:
            lines.append(f"  [{e['lang']}] gold={','.join(e['gold']) or '-'} pred={','.join(e['predicted']) or '-'} | "
                         f"{e['text'][:110]}")
    return "\n".join(lines)
