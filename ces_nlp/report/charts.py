"""Charts as inline SVG strings, drawn in Python: no script, no external file."""

from __future__ import annotations

import math
from html import escape
from typing import Callable, Sequence

PALETTE = ("#2f6db5", "#d9822b", "#2a9d8f", "#c44e52", "#8172b2", "#937860", "#d46fb0", "#4c9a2a",
           "#b8860b", "#5f6b7a")
INK, GRID, MUTED = "#1f2933", "#e3e8ee", "#6b7785"


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering lo..hi."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _open(kind: str, width: int, height: int, label: str) -> str:
    return (f'<svg class="chart chart-{kind}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{escape(label)}" '
            f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12">'
            f'<title>{escape(label)}</title>')


def _y_grid(ticks, ys, left: float, pw: float, y_fmt: Callable[[float], str]) -> list[str]:
    """Horizontal grid lines with their value labels on the left."""
    return [f'<line x1="{left}" x2="{left + pw}" y1="{ys(t):.1f}" y2="{ys(t):.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{ys(t) + 4:.1f}" text-anchor="end" fill="{MUTED}">{escape(y_fmt(t))}</text>'
            for t in ticks]


def _axis_titles(x_title: str, y_title: str, left: float, pw: float, top: float, ph: float, height: int) -> list[str]:
    out = []
    if x_title:
        out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 8}" text-anchor="middle" fill="{INK}">'
                   f'{escape(x_title)}</text>')
    if y_title:
        out.append(f'<text transform="translate(14 {top + ph / 2:.1f}) rotate(-90)" text-anchor="middle" '
                   f'fill="{INK}">{escape(y_title)}</text>')
    return out


def line_chart(x_labels: Sequence[str], series: Sequence[dict], *, label: str, y_fmt: Callable[[float], str],
               y_min: float | None = 0.0, y_max: float | None = None, y_title: str = "", x_title: str = "",
               width: int = 640, height: int = 300, kind: str = "line") -> str:
    """Lines over categorical x; each series: name, values (None breaks the line), small (bools), color."""
    left, right, top, bottom = 56, 16, 16, 48
    pw, ph = width - left - right, height - top - bottom
    vals = [v for s in series for v in s["values"] if v is not None]
    lo = y_min if y_min is not None else (min(vals) if vals else 0.0)
    hi = y_max if y_max is not None else (max(vals) if vals else 1.0)
    if vals and y_min is None and y_max is None and hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    ticks = nice_ticks(lo, hi if hi > lo else lo + 1)
    lo, hi = ticks[0], ticks[-1]
    nx = len(x_labels)
    xs = [left + (pw * (i + 0.5) / nx if nx else 0) for i in range(nx)]

    def ys(v):
        return top + ph * (1 - (v - lo) / (hi - lo))

    out = [_open(kind, width, height, label), *_y_grid(ticks, ys, left, pw, y_fmt)]
    longest = max((len(str(lab)) for lab in x_labels), default=1)
    every = max(1, math.ceil(nx * (longest * 7 + 10) / max(pw, 1)))
    for i, lab in enumerate(x_labels):
        if i % every == 0:
            out.append(f'<text x="{xs[i]:.1f}" y="{top + ph + 16}" text-anchor="middle" fill="{MUTED}">'
                       f'{escape(str(lab))}</text>')
    out += _axis_titles(x_title, y_title, left, pw, top, ph, height)
    for s in series:
        runs, run = [], []
        for i, v in enumerate(s["values"]):
            if v is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append((xs[i], ys(v)))
        if run:
            runs.append(run)
        for r in runs:
            if len(r) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in r)
                out.append(f'<polyline class="series" points="{pts}" fill="none" stroke="{s["color"]}" '
                           f'stroke-width="2.2" stroke-linejoin="round"/>')
        small = s.get("small") or [False] * len(s["values"])
        for i, v in enumerate(s["values"]):
            if v is None:
                continue
            fill = "#fff" if small[i] else s["color"]
            note = " (fewer than the minimum responses)" if small[i] else ""
            out.append(f'<circle class="point" cx="{xs[i]:.1f}" cy="{ys(v):.1f}" r="3.6" fill="{fill}" '
                       f'stroke="{s["color"]}" stroke-width="1.6"><title>{escape(s["name"])}, '
                       f'{escape(str(x_labels[i]))}: {escape(y_fmt(v))}{note}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def vbar_chart(x_labels: Sequence[str], values: Sequence[float], colors: Sequence[str], *, label: str,
               y_fmt: Callable[[float], str], tips: Sequence[str] | None = None, x_title: str = "",
               y_title: str = "", width: int = 640, height: int = 240) -> str:
    """Vertical bars over categorical x (values >= 0)."""
    left, right, top, bottom = 56, 16, 16, 48
    pw, ph = width - left - right, height - top - bottom
    ticks = nice_ticks(0, max(list(values) + [1]))
    hi = ticks[-1]
    nx = max(len(x_labels), 1)
    slot = pw / nx
    out = [_open("bars", width, height, label), *_y_grid(ticks, lambda t: top + ph * (1 - t / hi), left, pw, y_fmt)]
    for i, (lab, v) in enumerate(zip(x_labels, values)):
        h = ph * v / hi
        x = left + slot * i + slot * 0.15
        tip = tips[i] if tips else f"{lab}: {y_fmt(v)}"
        out.append(f'<rect class="bar" x="{x:.1f}" y="{top + ph - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                   f'fill="{colors[i]}" rx="2"><title>{escape(tip)}</title></rect>'
                   f'<text x="{left + slot * (i + 0.5):.1f}" y="{top + ph + 16}" text-anchor="middle" '
                   f'fill="{MUTED}">{escape(str(lab))}</text>')
    out += _axis_titles(x_title, y_title, left, pw, top, ph, height)
    out.append("</svg>")
    return "".join(out)


def hbar_chart(labels: Sequence[str], values: Sequence[float | None], colors: Sequence[str], *, label: str,
               value_text: Sequence[str], x_title: str = "", width: int = 640) -> str:
    """Horizontal bars, one per label, around a zero line (negative values to the left)."""
    row, top, bottom, left, right = 34, 12, 40, 190, 90
    height = top + bottom + row * max(len(labels), 1)
    pw = width - left - right
    vals = [v for v in values if v is not None] or [0.0]
    lo, hi = min(0.0, min(vals)), max(0.0, max(vals))
    if hi - lo < 1e-12:
        hi = lo + 1
    ticks = nice_ticks(lo, hi, 4)
    lo, hi = ticks[0], ticks[-1]

    def xs(v):
        return left + pw * (v - lo) / (hi - lo)

    out = [_open("hbars", width, height, label)]
    for t in ticks:
        out.append(f'<line x1="{xs(t):.1f}" x2="{xs(t):.1f}" y1="{top}" y2="{height - bottom}" stroke="{GRID}"/>'
                   f'<text x="{xs(t):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="{MUTED}">{t:g}</text>')
    out.append(f'<line x1="{xs(0):.1f}" x2="{xs(0):.1f}" y1="{top}" y2="{height - bottom}" stroke="{INK}"/>')
    for i, (lab, v) in enumerate(zip(labels, values)):
        y = top + row * i
        out.append(f'<text x="{left - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end" fill="{INK}">{escape(lab)}</text>')
        if v is None:
            out.append(f'<text x="{xs(0) + 6:.1f}" y="{y + row / 2 + 4:.1f}" fill="{MUTED}">n/a</text>')
            continue
        x0, x1 = sorted((xs(0), xs(v)))
        out.append(f'<rect class="bar" x="{x0:.1f}" y="{y + 7}" width="{max(x1 - x0, 1):.1f}" height="{row - 14}" '
                   f'fill="{colors[i]}" rx="2"><title>{escape(lab)}: {escape(value_text[i])}</title></rect>'
                   f'<text x="{max(x1, xs(0)) + 6:.1f}" y="{y + row / 2 + 4:.1f}" fill="{INK}">'
                   f'{escape(value_text[i])}</text>')
    out += _axis_titles(x_title, "", left, pw, top, 0, height)
    out.append("</svg>")
    return "".join(out)
