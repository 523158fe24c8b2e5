"""The plain-language summary at the top of the report, written from its numbers only."""

from __future__ import annotations

SMALL = "\u2020"  # dagger: marks a figure based on few responses


def pct(x: float | None, digits: int = 0) -> str:
    return "n/a" if x is None else f"{100 * x:.{digits}f}%"


def num(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def values_text(values: list[float]) -> str:
    if not values:
        return "none"
    vals = [f"{v:g}" for v in values]
    return vals[0] if len(vals) == 1 else f"{vals[0]}\u2013{vals[-1]}"


def summary_sentences(report: dict) -> list[str]:
    """A few sentences a manager can read first; every figure comes from ``report``."""
    ov, scale, st = report["overview"], report["scale"], report["settings"]
    names = report["driver_names"]
    more = "more" if scale["more_effort"] == "higher" else "less"
    small_mark = lambda flag: SMALL if flag else ""  # noqa: E731
    out = [
        f"{ov['responses']:,} responses ({ov['with_comment']:,} with a comment"
        + (f", {ov['rejected']:,} rejected at ingestion" if ov["rejected"] else "")
        + f"): mean CES {num(ov['mean_ces'])}{small_mark(ov['small_sample'])} on a {scale['min']:g}\u2013{scale['max']:g} "
        f"scale where higher means {more} effort; {pct(ov['high_effort']['share'])} answered with high effort "
        f"(CES {values_text(st['high_effort_values'])}) and {pct(ov['low_effort']['share'])} with low effort "
        f"(CES {values_text(st['low_effort_values'])})."
    ]
    if ov["with_comment"] == 0:
        out.append("No response has a comment, so the report cannot say which drivers cause the effort.")
        return out
    ranked = [d for d in report["driver_stats"] if d["mentions"] > 0 and d["impact"]["effort_points"] is not None]
    costly = [d for d in ranked if d["impact"]["effort_points"] > 0]
    if costly:
        top = costly[0]
        direction = "fall" if scale["more_effort"] == "higher" else "rise"
        flag = small_mark(top["small_sample"]["difference"])
        out.append(
            f"{top['name']} costs the most effort: it is named in {pct(top['share'])} of comments"
            + (f", and those customers score {num(top['mean_ces_with'])} against {num(top['mean_ces_without'])} "
               f"without it ({top['difference']:+.2f}{flag} points)" if top["difference"] is not None else "")
            + f". Without these responses the mean CES would {direction} by "
            f"{abs(top['impact']['change']):.2f} points.")
        if len(costly) > 1:
            nxt = costly[1]
            out.append(f"Next is {nxt['name']} ({pct(nxt['share'])} of comments, "
                       f"{abs(nxt['impact']['change']):.2f} points of mean CES).")
    else:
        out.append("No driver raises the effort customers report.")
    kd = report["key_drivers"]
    if kd["r2"] is not None and kd["r2"] > 0:
        best = max((x for x in kd["coefficients"] if x["relative_importance"] is not None),
                   key=lambda x: x["relative_importance"], default=None)
        if best is not None:
            out.append(f"Together the drivers explain {pct(kd['r2'])} of the variation in CES among commented "
                       f"answers; {names[best['driver']]} accounts for {pct(best['relative_importance'])} of that.")
    tr = report.get("trend")
    if tr:
        sentence = _trend_sentence(tr, report)
        if sentence:
            out.append(sentence)
    bd = report.get("breakdown")
    if bd and len(bd["groups"]) > 1:
        solid = [g for g in bd["groups"] if not g["small_sample"] and g["high_effort_share"] is not None]
        if solid:
            worst = max(solid, key=lambda g: g["high_effort_share"])
            out.append(f"By {bd['by']}, {worst['group'] or '(blank)'} has the largest share of high-effort answers "
                       f"({pct(worst['high_effort_share'])} of {worst['responses']:,}).")
    if _any_small(report):
        out.append(f"Figures marked {SMALL} rest on fewer than {st['min_n']} responses: read them with care.")
    return out


def _trend_sentence(tr: dict, report: dict) -> str | None:
    solid = [p for p in tr["periods"] if not p["small_sample_comments"]]
    if len(solid) < 2:
        return None
    first, last = solid[0], solid[-1]
    moves = []
    for d in report["drivers"]:
        a, b = first["shares"][d], last["shares"][d]
        if a is not None and b is not None:
            moves.append((abs(b - a), d, a, b))
    if not moves:
        return None
    _, d, a, b = max(moves)
    verb = "rose" if b > a else "fell" if b < a else "stayed"
    span = f"from {first['period']} to {last['period']}"
    ces = f"mean CES went from {num(first['mean_ces'])} to {num(last['mean_ces'])}"
    if verb == "stayed":
        return f"Driver shares were stable {span}; {ces}."
    return (f"The biggest shift {span}: {report['driver_names'][d]} {verb} from {pct(a)} to {pct(b)} of "
            f"comments, while {ces}.")


def _any_small(report: dict) -> bool:
    if report["overview"]["small_sample"]:
        return True
    if any(any(d["small_sample"].values()) for d in report["driver_stats"]):
        return True
    if any(r["small_sample"] for r in report["frequency_by_ces"] if r["responses"]):
        return True
    for part, key in (("trend", "periods"), ("breakdown", "groups")):
        if report.get(part) and any(r["small_sample"] for r in report[part][key]):
            return True
    return False
