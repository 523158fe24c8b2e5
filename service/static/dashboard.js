// Managers' dashboard: reads /v1/reports/drivers with the API key of this browser session and draws
// the charts as inline SVG (no external libraries).
"use strict";

(function () {
  const KEY = "ces-api-key";
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#c2410c", "#1d4ed8", "#15803d", "#7e22ce", "#b45309", "#0e7490", "#be123c", "#4d7c0f"];
  const $ = (id) => document.getElementById(id);
  let pendingKey = null;

  // ------------------------------------------------------------------ API key (session only)
  function askKey(message) {
    $("key-error").textContent = message || "";
    $("key-input").value = "";
    if (!$("key-dialog").open) $("key-dialog").showModal();
    $("key-input").focus();
    return new Promise((resolve) => { pendingKey = resolve; });
  }

  $("key-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const key = $("key-input").value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY, key);
    $("key-dialog").close();
    if (pendingKey) { const r = pendingKey; pendingKey = null; r(key); }
  });

  async function api(path) {
    for (;;) {
      const key = sessionStorage.getItem(KEY) || await askKey();
      const res = await fetch(path, { headers: { Authorization: "Bearer " + key, Accept: "application/json" } });
      if (res.status === 401 || res.status === 403) {
        sessionStorage.removeItem(KEY);
        await askKey(res.status === 403 ? "That key was not accepted." : "An API key is needed.");
        continue;
      }
      const body = await res.json().catch(() => ({}));
      return { status: res.status, body };
    }
  }

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }
  function text(parent, x, y, s, attrs) {
    const t = el("text", Object.assign({ x, y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  const fmt = (x, d = 2) => (x === null || x === undefined ? "n/a" : Number(x).toFixed(d));
  const pct = (x) => (x === null || x === undefined ? "n/a" : (100 * x).toFixed(0) + "%");
  function legend(container, items) {
    const box = document.createElement("div");
    box.className = "legend";
    for (const [label, color] of items) {
      const span = document.createElement("span");
      const sw = document.createElement("i");
      sw.style.background = color;
      span.append(sw, document.createTextNode(label));
      box.appendChild(span);
    }
    container.appendChild(box);
  }
  function reset(id, chart) {
    const c = $(id);
    c.replaceChildren();
    if (chart) c.dataset.chart = chart;
    return c;
  }

  // ------------------------------------------------------------------ charts
  function overview(report) {
    const o = report.overview;
    const cards = [
      ["Responses", o.responses.toLocaleString("en")],
      ["With a comment", o.with_comment.toLocaleString("en")],
      ["Mean CES", fmt(o.mean_ces)],
      ["High effort", pct(o.high_effort.share)],
    ];
    const box = reset("overview");
    for (const [label, value] of cards) {
      const card = document.createElement("div");
      card.className = "card";
      const v = document.createElement("div");
      v.className = "value";
      v.textContent = value;
      v.dataset.metric = label;
      const l = document.createElement("div");
      l.className = "label";
      l.textContent = label;
      card.append(v, l);
      box.appendChild(card);
    }
  }

  function cesChart(report) {
    const c = reset("chart-ces", "ces");
    const rows = report.driver_stats;
    const lo = report.scale.min, hi = report.scale.max;
    const W = 760, left = 190, barH = 14, rowH = 44, H = rows.length * rowH + 30;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Mean CES with and without each driver" }, c);
    const x = (v) => left + ((v - lo) / (hi - lo)) * (W - left - 60);
    for (let v = Math.ceil(lo); v <= hi; v++) {
      el("line", { x1: x(v), x2: x(v), y1: 0, y2: H - 20, class: "axis" }, svg);
      text(svg, x(v), H - 5, String(v), { "text-anchor": "middle" });
    }
    rows.forEach((r, i) => {
      const y = i * rowH + 6;
      text(svg, left - 8, y + barH + 3, r.name, { "text-anchor": "end" });
      [[r.mean_ces_with, "var(--with)", "with"], [r.mean_ces_without, "var(--without)", "without"]].forEach(([v, color, kind], k) => {
        if (v === null) return;
        const yy = y + k * (barH + 2);
        el("rect", { x: x(lo), y: yy, width: Math.max(1, x(v) - x(lo)), height: barH, fill: color, "data-kind": kind }, svg);
        text(svg, x(v) + 4, yy + barH - 3, fmt(v));
      });
    });
    legend(c, [["mentions the driver", "var(--with)"], ["does not", "var(--without)"]]);
  }

  function impactChart(report) {
    const c = reset("chart-impact", "impact");
    const rows = report.driver_stats;
    const pts = rows.map((r) => r.impact.effort_points || 0);
    const top = Math.max(0.01, ...pts.map(Math.abs));
    const W = 760, left = 190, rowH = 30, H = rows.length * rowH + 10;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Impact of each driver" }, c);
    const zero = left + 40, scale = (W - zero - 230) / top;
    el("line", { x1: zero, x2: zero, y1: 0, y2: H, class: "axis" }, svg);
    rows.forEach((r, i) => {
      const y = i * rowH + 6, v = pts[i];
      text(svg, left - 8, y + 14, r.name, { "text-anchor": "end" });
      el("rect", { x: v >= 0 ? zero : zero + v * scale, y, width: Math.max(1, Math.abs(v) * scale), height: 18,
                   fill: PALETTE[report.drivers.indexOf(r.driver) % PALETTE.length] }, svg);
      text(svg, zero + Math.max(0, v) * scale + 6, y + 14, `${fmt(v, 3)} pts, ${pct(r.share)} of comments`);
    });
  }

  function trendChart(report) {
    const c = reset("chart-trend", "trend");
    const periods = (report.trend && report.trend.periods) || [];
    if (!periods.length) { c.textContent = "No dated responses."; return; }
    const W = 760, H = 260, left = 44, bottom = 40, right = 30, topPad = 10;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Driver shares per period" }, c);
    let maxShare = 0.05;
    for (const p of periods) for (const d of report.drivers) maxShare = Math.max(maxShare, p.shares[d] || 0);
    const x = (i) => left + (periods.length === 1 ? (W - left - right) / 2 : (i / (periods.length - 1)) * (W - left - right));
    const y = (v) => H - bottom - (v / maxShare) * (H - bottom - topPad);
    for (let k = 0; k <= 4; k++) {
      const v = (maxShare * k) / 4;
      el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: "axis" }, svg);
      text(svg, left - 6, y(v) + 4, pct(v), { "text-anchor": "end" });
    }
    const every = Math.ceil(periods.length / 12);
    periods.forEach((p, i) => { if (i % every === 0) text(svg, x(i), H - bottom + 16, p.period, { "text-anchor": "middle" }); });
    report.drivers.forEach((d, j) => {
      const pts = periods.map((p, i) => (p.shares[d] === null ? null : [x(i), y(p.shares[d])])).filter(Boolean);
      const color = PALETTE[j % PALETTE.length];
      if (pts.length) el("polyline", { points: pts.map((q) => q.join(",")).join(" "), fill: "none", stroke: color, "stroke-width": 2, "data-driver": d }, svg);
      pts.forEach(([px, py]) => el("circle", { cx: px, cy: py, r: 2.5, fill: color }, svg));
    });
    legend(c, report.drivers.map((d, j) => [report.driver_names[d] || d, PALETTE[j % PALETTE.length]]));
  }

  function summary(report) {
    const ul = reset("summary");
    for (const s of report.summary || []) {
      const li = document.createElement("li");
      li.textContent = s;
      ul.appendChild(li);
    }
  }

  // ------------------------------------------------------------------ loading
  function query() {
    const q = new URLSearchParams();
    for (const name of ["start", "end", "channel", "team", "period"]) {
      const v = $("f-" + name).value;
      if (v) q.set(name, v);
    }
    return q.toString();
  }

  function setStatus(msg, isError) {
    $("status").textContent = msg;
    $("status").className = isError ? "error" : "";
  }

  let seq = 0;
  async function load() {
    const mine = ++seq;
    setStatus("Loading...");
    document.body.dataset.state = "loading";
    const { status, body } = await api("/v1/reports/drivers?" + query());
    if (mine !== seq) return;
    if (status === 200) {
      overview(body); cesChart(body); impactChart(body); trendChart(body); summary(body);
      setStatus(`${body.overview.responses.toLocaleString("en")} responses`);
    } else {
      for (const id of ["overview", "chart-ces", "chart-impact", "chart-trend", "summary"]) reset(id);
      setStatus(status === 404 ? "No responses match these filters." : `The report could not be loaded (${body.detail || status}).`, status !== 404);
    }
    document.body.dataset.state = "ready";
  }

  function fill(select, values) {
    for (const v of values) {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = v;
      select.appendChild(o);
    }
  }

  async function init() {
    const { status, body } = await api("/v1/reports/filters");
    if (status === 200) {
      fill($("f-channel"), body.channels);
      fill($("f-team"), body.teams);
      for (const id of ["f-start", "f-end"]) {
        if (body.first) $(id).min = body.first;
        if (body.last) $(id).max = body.last;
      }
    }
    for (const id of ["f-start", "f-end", "f-channel", "f-team", "f-period"]) $(id).addEventListener("change", load);
    $("f-reset").addEventListener("click", () => { $("filters").reset(); load(); });
    $("forget-key").addEventListener("click", () => { sessionStorage.removeItem(KEY); location.reload(); });
    await load();
  }

  init().catch((err) => setStatus("Dashboard error: " + err.message, true));
})();
