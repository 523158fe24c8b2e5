"""The model card (``README.md`` of a model directory), rendered from its metadata."""

from __future__ import annotations


def _f(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _scores_table(result: dict) -> list[str]:
    lines = ["| driver | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for d, s in result["per_driver"].items():
        lines.append(f"| `{d}` | {_f(s['precision'])} | {_f(s['recall'])} | {_f(s['f1'])} | {s['support']} |")
    lines.append(f"| **macro** | | | **{_f(result['macro_f1'])}** | {result['n']} rows |")
    lines.append(f"| micro | | | {_f(result['micro_f1'])} | |")
    langs = ", ".join(f"{k} {_f(v['macro_f1'])}" for k, v in result.get("per_language", {}).items())
    if langs:
        lines += ["", f"Macro-F1 per language: {langs}."]
    for key, label in (("negation_fpr", "False-positive rate on negated/hypothetical mentions"),
                       ("hard_negative_fpr", "False-positive rate on hard negatives"),
                       ("none_fpr", "Rows without a driver given one")):
        r = result.get(key)
        if r and r.get("n"):
            lines.append(f"{label}: {r['false_positives']}/{r['n']} = {r['rate']:.1%}.")
    return lines


def render_card(meta: dict) -> str:
    tax = meta["taxonomy"]
    v = meta.get("library_versions", {})
    out = [
        f"# Model card: {meta['name']} {meta['version']}",
        "",
        meta.get("summary", "Multi-label effort-driver classifier for CES follow-up answers."),
        "",
        "## What it predicts",
        f"Taxonomy `{tax['id']}` {tax['version']}: " + ", ".join(f"`{d}`" for d in tax["drivers"]) + ".",
        "Thresholds (tuned per driver for F1 on cross-validated scores): "
        + ", ".join(f"`{d}` {t:.2f}" for d, t in meta.get("thresholds", {}).items()) + ".",
        "",
        "## How it was built",
        meta.get("estimator_description", ""),
        "",
    ]
    sel = meta.get("selection")
    if sel:
        out += ["### Candidates compared on the dev split", "", "| candidate | dev macro-F1 | dev micro-F1 |", "|---|---|---|"]
        for name, s in sel["candidates"].items():
            out.append(f"| {name} | {_f(s['macro_f1'])} | {_f(s['micro_f1'])} |")
        out += ["", f"Shipped: **{sel['chosen']}**. {sel.get('reason', '')}", ""]
    tr = meta.get("training", {})
    if tr:
        out += ["### Training data", ""]
        for item in tr.get("data", []):
            out.append(f"- `{item['path']}` ({item['role']}): {item['rows']} rows, sha256 `{item['sha256'][:16]}...`")
        for key in ("seed", "refit_on", "weak_weight"):
            if key in tr:
                out.append(f"- {key}: {tr[key]}")
        out.append("")
    out += ["## Evaluation", ""]
    for ev in meta.get("evaluations", []):
        out += [f"### {ev['name']}", "", f"Data: `{ev['data']}`. Reproduce: `{ev['command']}`", ""]
        out += _scores_table(ev["result"]) + [""]
    out += [
        "## Provenance",
        f"- model file sha256: `{meta['sha256']}`",
        f"- Python {v.get('python')}, scikit-learn {v.get('scikit-learn')}, spaCy {v.get('spacy')}, "
        f"NumPy {v.get('numpy')}",
        f"- taxonomy fingerprint: `{tax['sha256'][:16]}...`",
        f"- created: {meta.get('created', 'n/a')}",
        "",
        "## Limits",
        meta.get("limits", "Trained on written survey answers; scores on other text types (tweets, e-mails) are lower."),
        "",
    ]
    return "\n".join(out)
