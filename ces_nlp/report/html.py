"""The manager report: one self-contained HTML file (inline CSS and SVG, no script, no external URL)."""

from __future__ import annotations

from html import escape

from .. import __version__
from .charts import color, hbar_chart, line_chart, vbar_chart
from .summary import SMALL

CSS = """
:root{--ink:#1f2933;--muted:#6b7785;--line:#e3e8ee;--bg:#f6f8fa;--card:#fff;--accent:#2f6db5;--warn:#b54708}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 28px 60px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 4px}h3{font-size:15px;margin:14px 0 6px}
.meta{color:var(--muted);font-size:13px;margin-bottom:18px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 18px}
.lead{color:var(--muted);margin:0 0 12px;font-size:14px}
.summary{border-left:5px solid var(--accent)}
.summary p{margin:0 0 6px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .v{font-size:24px;font-weight:650}.card .l{color:var(--muted);font-size:13px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}
@media (max-width:900px){.grid2{grid-template-columns:1fr}}
figure{margin:0}svg.chart{max-width:100%;height:auto;display:block}figcaption{font-size:13px;color:var(--muted);margin-top:4px}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;margin:4px 0 0}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:6px 6px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th{font-weight:600;color:var(--muted);font-size:12.5px;vertical-align:bottom}
th:first-child,td:first-child{text-align:left}
.ci{color:var(--muted);font-size:11.5px;display:block}
tr.hi td:first-child{border-left:3px solid #c44e52}tr.lo td:first-child{border-left:3px solid #2a9d8f}
.small{color:var(--warn);font-weight:700;cursor:help}
.notes{background:#fff8eb;border-color:#f4d9a8}
.notes li{margin:2px 0}
.defs{font-size:13.5px;color:#3e4c59}.defs dt{font-weight:600;margin-top:8px}.defs dd{margin:0}
"""


def _pct(x, digits=1):
    return "n/a" if x is None else f"{100 * x:.{digits}f}%"


def _num(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f}"


def _signed(x, digits=2):
    return "n/a" if x is None else f"{x:+.{digits}f}"


def _ci(ci, fmt):
    return "" if not ci else f"[{fmt(ci[0])} \u2013 {fmt(ci[1])}]"


def _flag(on: bool, min_n: int) -> str:
    return (f'<span class="small" title="based on fewer than {min_n} responses">{SMALL}</span>' if on else "")


def _table(head: list[str], rows: list[str], cls: str = "") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    return f'<div class="tablewrap"><table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _legend(report) -> str:
    items = "".join(f'<span><i style="background:{color(j)}"></i>{escape(report["driver_names"][d])}</span>'
                    for j, d in enumerate(report["drivers"]))
    return f'<div class="legend">{items}</div>'


def render_html(report: dict) -> str:
    """The report as one HTML page that opens offline."""
    names, drivers = report["driver_names"], report["drivers"]
    st, sc, ov = report["settings"], report["scale"], report["overview"]
    min_n = st["min_n"]
    more = "higher" if sc["more_effort"] == "higher" else "lower"
    parts = [_header(report), _summary(report), _overview(report)]
    if report["notes"]:
        parts.append('<section class="notes"><h2>Notes</h2><ul>'
                     + "".join(f"<li>{escape(n)}</li>" for n in report["notes"]) + "</ul></section>")
    if ov["with_comment"]:
        parts.append(_drivers(report))
    parts.append(_frequency(report))
    if ov["with_comment"]:
        parts.append(_key_drivers(report))
    if report.get("trend"):
        parts.append(_trend(report))
    if report.get("breakdown"):
        parts.append(_breakdown(report))
    parts.append(_definitions(report, more, min_n))
    title = "Effort driver report" + (f" \u2013 {report['source']}" if report.get("source") else "")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
            + "\n".join(parts) + "</main></body></html>\n")


def _header(report) -> str:
    sc, st = report["scale"], report["settings"]
    bits = []
    if report.get("source"):
        bits.append(f"Source: {escape(str(report['source']))}")
    bits.append(f"CES scale {sc['min']:g}\u2013{sc['max']:g}, {sc['more_effort']} = more effort")
    tr = report.get("trend")
    if tr and tr["periods"]:
        bits.append(f"{tr['periods'][0]['period']} to {tr['periods'][-1]['period']}")
    bits.append(f"ces-nlp {__version__}, report schema {report['schema_version']}")
    meta = " \u00b7 ".join(bits)
    return f'<header><h1>Effort driver report</h1><div class="meta">{meta}</div></header>'


def _summary(report) -> str:
    return ('<section class="summary" id="summary"><h2>In short</h2>'
            + "".join(f"<p>{escape(s)}</p>" for s in report["summary"]) + "</section>")


def _overview(report) -> str:
    ov, st = report["overview"], report["settings"]
    from .summary import values_text
    cards = [
        (f"{ov['responses']:,}", "responses"),
        (f"{ov['with_comment']:,}", "with a comment"),
        (f"{ov['no_comment']:,}", "without a comment"),
        (_num(ov["mean_ces"]) + _flag(ov["small_sample"], st["min_n"]), "mean CES"),
        (_pct(ov["high_effort"]["share"]), f"high effort (CES {values_text(st['high_effort_values'])})"),
        (_pct(ov["low_effort"]["share"]), f"low effort (CES {values_text(st['low_effort_values'])})"),
        (f"{ov['rejected']:,}", "rejected at ingestion"),
    ]
    html = "".join(f'<div class="card"><div class="v">{v}</div><div class="l">{escape(l)}</div></div>'
                   for v, l in cards)
    langs = ", ".join(f"{escape(x['lang'] or '?')} {_pct(x['share'], 0)}" for x in ov["languages"]) or "none"
    return (f'<section id="overview"><h2>Overview</h2><div class="cards">{html}</div>'
            f'<p class="lead" style="margin-top:10px">Languages of the comments: {langs}</p></section>')


def _drivers(report) -> str:
    names, st, sc = report["driver_names"], report["settings"], report["scale"]
    min_n = st["min_n"]
    rows = report["driver_stats"]
    col = {d: color(j) for j, d in enumerate(report["drivers"])}
    chart = hbar_chart(
        [r["name"] for r in rows], [r["impact"]["effort_points"] for r in rows], [col[r["driver"]] for r in rows],
        label="Impact ranking: effort points each driver adds to the mean CES",
        value_text=[_num(r["impact"]["effort_points"]) for r in rows],
        x_title="points of mean CES that the driver adds (in effort terms)")
    body = []
    for r in rows:
        f = r["small_sample"]
        body.append(
            f"<tr><td>{r['rank']}. {escape(r['name'])}</td><td>{r['mentions']:,}</td>"
            f"<td>{_pct(r['share'])}{_flag(f['share'], min_n)}<span class=ci>{_ci(r['share_ci'], _pct)}</span></td>"
            f"<td>{_num(r['mean_ces_with'])}{_flag(f['mean_ces_with'], min_n)}</td>"
            f"<td>{_num(r['mean_ces_without'])}{_flag(f['mean_ces_without'], min_n)}</td>"
            f"<td>{_signed(r['difference'])}{_flag(f['difference'], min_n)}"
            f"<span class=ci>{_ci(r['difference_ci'], _signed)}</span></td>"
            f"<td>{_pct(r['share_high_effort'])}{_flag(f['share_high_effort'], min_n)}</td>"
            f"<td>{_pct(r['share_low_effort'])}{_flag(f['share_low_effort'], min_n)}</td>"
            f"<td><b>{_num(r['impact']['effort_points'])}</b><span class=ci>CES {_signed(r['impact']['change'])} if left out"
            f"</span></td></tr>")
    head = ["Driver (by impact)", "Mentions", "Share of comments<br>(95% CI)", "Mean CES<br>with driver",
            "Mean CES<br>without", "Difference<br>(95% bootstrap CI)", "Share among<br>high effort",
            "Share among<br>low effort", "Impact<br>(effort points)"]
    return ('<section id="drivers"><h2>What costs effort</h2>'
            '<p class="lead">Drivers ranked by impact: how much the overall mean CES would improve if the responses '
            'naming the driver were left out.</p>'
            f'<figure>{chart}<figcaption>Impact ranking (effort points: positive = the driver adds effort).'
            f'</figcaption></figure><h3>Per driver</h3>{_table(head, body)}</section>')


def _frequency(report) -> str:
    names, st, sc = report["driver_names"], report["settings"], report["scale"]
    rows = report["frequency_by_ces"]
    labels = [f"{r['ces']:g}" for r in rows]
    colors = ["#c44e52" if r["high_effort"] else "#2a9d8f" if r["low_effort"] else "#9aa5b1" for r in rows]
    bars = vbar_chart(labels, [r["responses"] for r in rows], colors, label="Responses per CES value",
                      y_fmt=lambda v: f"{v:,.0f}", x_title=f"CES ({sc['more_effort']} = more effort)",
                      y_title="responses",
                      tips=[f"CES {lab}: {r['responses']:,} responses, {r['with_comment']:,} with a comment"
                            for lab, r in zip(labels, rows)])
    parts = [f'<figure>{bars}<figcaption>Responses per CES value (red: high effort, green: low effort).'
             '</figcaption></figure>']
    if report["overview"]["with_comment"]:
        series = [{"name": names[d], "color": color(j), "values": [r["shares"][d] for r in rows],
                   "small": [r["small_sample"] for r in rows]} for j, d in enumerate(report["drivers"])]
        top = max([v for s in series for v in s["values"] if v is not None] + [0.05])
        lines = line_chart(labels, series, label="Share of comments naming each driver, per CES value",
                           y_fmt=lambda v: f"{100 * v:.0f}%", y_max=min(1.0, top), kind="frequency",
                           x_title=f"CES ({sc['more_effort']} = more effort)", y_title="share of comments")
        parts.append(f'<figure>{lines}{_legend(report)}<figcaption>Share of comments naming each driver at '
                     'each CES value (hollow points: fewer than the minimum number of comments).</figcaption></figure>')
    head = ["CES", "Responses", "With comment"] + [escape(names[d]) for d in report["drivers"]]
    body = []
    for lab, r in zip(labels, rows):
        cls = "hi" if r["high_effort"] else "lo" if r["low_effort"] else ""
        cells = "".join(f"<td>{_pct(r['shares'][d])}{_flag(r['small_sample'] and r['with_comment'] > 0, st['min_n'])}"
                        f"</td>" for d in report["drivers"])
        body.append(f'<tr class="{cls}"><td>{lab}</td><td>{r["responses"]:,}</td><td>{r["with_comment"]:,}</td>'
                    f"{cells}</tr>")
    return ('<section id="frequency"><h2>Drivers against CES</h2>'
            '<p class="lead">For every CES value: how many responses gave it and which share of their comments '
            f'names each driver.</p><div class="grid2">{"".join(parts)}</div>'
            f"<h3>Table</h3>{_table(head, body)}</section>")


def _key_drivers(report) -> str:
    kd, names, st = report["key_drivers"], report["driver_names"], report["settings"]
    coefs = sorted(kd["coefficients"], key=lambda c: -(c["relative_importance"] or 0))
    body = [f"<tr><td>{escape(names[c['driver']])}</td><td>{_signed(c['coef'])}</td>"
            f"<td>{_num(c['std_error'])}</td><td>{_pct(c['importance'])}</td>"
            f"<td><b>{_pct(c['relative_importance'])}</b></td></tr>" for c in coefs]
    head = ["Driver", "Coefficient (CES points)", "Std. error", "Share of variance (R\u00b2 part)",
            "Relative importance"]
    idx = {d: j for j, d in enumerate(report["drivers"])}
    chart = ""
    if kd["r2"]:
        chart = hbar_chart([names[c["driver"]] for c in coefs], [c["relative_importance"] for c in coefs],
                           [color(idx[c["driver"]]) for c in coefs], label="Relative importance of each driver",
                           value_text=[_pct(c["relative_importance"]) for c in coefs],
                           x_title="share of the explained variance")
        chart = f"<figure>{chart}<figcaption>Relative importance (shares of R\u00b2).</figcaption></figure>"
    note = f'<p class="lead">{escape(kd["note"])}</p>' if kd.get("note") else ""
    return ('<section id="key-drivers"><h2>Key drivers</h2>'
            f'<p class="lead">Regression of CES on the drivers over {kd["n"]:,} commented responses'
            f'{_flag(kd["small_sample"], st["min_n"])}: intercept {_num(kd["intercept"])}, '
            f'R\u00b2 {_pct(kd["r2"])}. A coefficient is the CES difference a mention makes with the other '
            f'drivers held fixed.</p>{note}{chart}<h3>Coefficients</h3>{_table(head, body)}</section>')


def _trend(report) -> str:
    tr, names, st, sc = report["trend"], report["driver_names"], report["settings"], report["scale"]
    min_n = st["min_n"]
    rows = tr["periods"]
    if not rows:
        return '<section id="trend"><h2>Trend</h2><p class="lead">No dated responses.</p></section>'
    labels = [r["period"] for r in rows]
    series = [{"name": names[d], "color": color(j), "values": [r["shares"][d] for r in rows],
               "small": [r["small_sample_comments"] for r in rows]} for j, d in enumerate(report["drivers"])]
    top = max([v for s in series for v in s["values"] if v is not None] + [0.05])
    shares = line_chart(labels, series, label=f"Driver share of comments per {tr['period']}",
                        y_fmt=lambda v: f"{100 * v:.0f}%", y_max=min(1.0, top), kind="trend",
                        y_title="share of comments")
    ces = line_chart(labels, [{"name": "mean CES", "color": "#1f2933", "values": [r["mean_ces"] for r in rows],
                               "small": [r["small_sample"] for r in rows]}],
                     label=f"Mean CES per {tr['period']}", y_fmt=lambda v: f"{v:.1f}", y_min=None,
                     kind="trend-ces", y_title="mean CES")
    body = []
    for r in rows:
        cells = "".join(f"<td>{_pct(r['shares'][d])}</td>" for d in report["drivers"])
        body.append(f"<tr><td>{r['period']}{_flag(r['small_sample'], min_n)}</td><td>{r['responses']:,}</td>"
                    f"<td>{r['with_comment']:,}</td><td>{_num(r['mean_ces'])}</td>{cells}</tr>")
    head = [tr["period"].capitalize(), "Responses", "With comment", "Mean CES"] + [escape(names[d]) for d in report["drivers"]]
    undated = f" {tr['undated']:,} responses have no date and are left out." if tr["undated"] else ""
    return (f'<section id="trend"><h2>Trend per {tr["period"]}</h2>'
            f'<p class="lead">Share of comments naming each driver, and the mean CES ({sc["more_effort"]} = more '
            f'effort), per {tr["period"]}.{undated}</p>'
            f'<div class="grid2"><figure>{shares}{_legend(report)}</figure><figure>{ces}</figure></div>'
            f"<h3>Table</h3>{_table(head, body)}</section>")


def _breakdown(report) -> str:
    bd, names, st = report["breakdown"], report["driver_names"], report["settings"]
    min_n = st["min_n"]
    body = []
    for g in bd["groups"]:
        cells = "".join(f"<td>{_pct(g['shares'][d])}{_flag(g['small_sample_comments'] and g['with_comment'] > 0, min_n)}"
                        f"</td>" for d in report["drivers"])
        body.append(f"<tr><td>{escape(g['group'] or '(blank)')}{_flag(g['small_sample'], min_n)}</td>"
                    f"<td>{g['responses']:,}</td><td>{g['with_comment']:,}</td><td>{_num(g['mean_ces'])}</td>"
                    f"<td>{_pct(g['high_effort_share'])}</td>{cells}</tr>")
    head = [escape(bd["by"].capitalize()), "Responses", "With comment", "Mean CES", "High effort"] + \
        [escape(names[d]) for d in report["drivers"]]
    return (f'<section id="breakdown"><h2>By {escape(bd["by"])}</h2>'
            f'<p class="lead">Driver shares are shares of the comments in each {escape(bd["by"])}.</p>'
            f"{_table(head, body)}</section>")


def _definitions(report, more, min_n) -> str:
    st = report["settings"]
    from .summary import values_text
    return (
        '<section id="method" class="defs"><h2>How to read this report</h2><dl>'
        f"<dt>Scale</dt><dd>All CES figures are in the survey's own scale; {more} values mean more effort.</dd>"
        f"<dt>High and low effort</dt><dd>High effort = CES {values_text(st['high_effort_values'])}, low effort = CES "
        f"{values_text(st['low_effort_values'])}.</dd>"
        "<dt>Shares and means</dt><dd>Driver shares are shares of the responses with a comment (only those can name a "
        "driver). 'Without' the driver means commented responses that do not name it; responses without a comment "
        "are not in either group. Share intervals are 95% Wilson intervals.</dd>"
        f"<dt>Difference</dt><dd>Mean CES with minus without the driver; its 95% interval comes from a seeded "
        f"bootstrap ({st['n_boot']} resamples, seed {st['seed']}).</dd>"
        "<dt>Impact</dt><dd>How the overall mean CES (all responses) would change if the responses naming the driver "
        "were removed, in CES points; 'effort points' gives the same amount with the sign turned so that positive "
        "means the driver adds effort. Drivers are ranked by it.</dd>"
        "<dt>Key drivers</dt><dd>Least squares regression of CES on the 0/1 driver mentions over commented responses; "
        "relative importance splits the explained variance (R\u00b2) among the drivers by averaging each driver's "
        "gain in R\u00b2 over every order of entering them (Shapley / LMG).</dd>"
        f"<dt>{SMALL} Small samples</dt><dd>A figure marked {SMALL} rests on fewer than {min_n} responses; it is "
        "shown but should not be trusted on its own.</dd></dl></section>")
