"""Statistics on weighted data: every function takes values with a count per value.

A cell of the cell table stands for ``n`` identical rows, so a weighted
statistic with weights ``n`` equals the statistic over the rows.
"""

from __future__ import annotations

from itertools import combinations
from math import comb, sqrt

import numpy as np

Z95 = 1.959963984540054  # two-sided 95 % normal quantile


def weighted_mean(values, weights) -> float | None:
    """Mean of ``values`` repeated ``weights`` times; None when the total weight is 0."""
    w = np.asarray(weights, dtype=float)
    total = w.sum()
    if total <= 0:
        return None
    return float(np.dot(np.asarray(values, dtype=float), w) / total)


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval of a proportion (None when n is 0)."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes <= 0 else max(0.0, centre - half)
    hi = 1.0 if successes >= n else min(1.0, centre + half)
    return lo, hi


def bootstrap_mean_differences(ces, indicators, counts, *, n_boot: int = 1000, seed: int = 0,
                               confidence: float = 0.95) -> list[tuple[float, float] | None]:
    """Percentile bootstrap interval of ``mean(ces | driver) - mean(ces | no driver)`` per driver.

    The data are distinct rows ``(ces[i], indicators[i, :])`` seen ``counts[i]``
    times, in a fixed (canonical) order. Each replicate resamples the N rows
    with replacement, which is one multinomial draw of N over the distinct
    rows; all drivers share the replicates. Replicates in which one side is
    empty are left out; None when fewer than half of them remain or when a side
    is empty in the data.
    """
    ces = np.asarray(ces, dtype=float)
    ind = np.asarray(indicators, dtype=float)
    if ind.ndim == 1:
        ind = ind.reshape(len(ces), -1)
    counts = np.asarray(counts, dtype=np.int64)
    k = ind.shape[1]
    total = int(counts.sum())
    if total == 0 or k == 0:
        return [None] * k
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(total, counts / total, size=n_boot).astype(float)  # n_boot x cells
    n_with = draws @ ind
    s_with = draws @ (ind * ces[:, None])
    n_all = draws.sum(axis=1, keepdims=True)
    s_all = draws @ ces
    n_without = n_all - n_with
    s_without = s_all[:, None] - s_with
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = s_with / n_with - s_without / n_without
    base_with = counts @ ind
    alpha = (1 - confidence) / 2
    out: list[tuple[float, float] | None] = []
    for j in range(k):
        d = diff[:, j]
        d = d[np.isfinite(d)]
        if base_with[j] == 0 or base_with[j] == total or len(d) < n_boot / 2:
            out.append(None)
            continue
        lo, hi = np.quantile(d, [alpha, 1 - alpha])
        out.append((float(lo), float(hi)))
    return out


def weighted_moments(X, y, w):
    """Weighted means and centred cross-products (sums of squares) of X and y."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    W = w.sum()
    mx = w @ X / W
    my = float(w @ y / W)
    Xc = X - mx
    yc = y - my
    Sxx = (Xc * w[:, None]).T @ Xc
    Sxy = (Xc * w[:, None]).T @ yc
    Syy = float((yc * w) @ yc)
    return mx, my, Sxx, Sxy, Syy


def _r2(Sxx, Sxy, Syy, subset) -> float:
    if not subset:
        return 0.0
    idx = list(subset)
    beta = np.linalg.lstsq(Sxx[np.ix_(idx, idx)], Sxy[idx], rcond=None)[0]
    return float(Sxy[idx] @ beta / Syy)


def weighted_ols(X, y, w) -> dict | None:
    """Least squares of y on X with an intercept, rows weighted by counts ``w``.

    Returns intercept, coefficients, their classical standard errors and R²
    (R² is None when y does not vary). Columns that do not vary get a None
    coefficient. None when there are no rows.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    N = w.sum()
    k = X.shape[1]
    if N <= 0:
        return None
    mx, my, Sxx, Sxy, Syy = weighted_moments(X, y, w)
    active = [j for j in range(k) if Sxx[j, j] > 1e-12]
    coef = [None] * k
    se = [None] * k
    intercept = my
    sse = Syy
    if active:
        A = Sxx[np.ix_(active, active)]
        beta = np.linalg.lstsq(A, Sxy[active], rcond=None)[0]
        sse = max(Syy - float(Sxy[active] @ beta), 0.0)
        intercept = my - float(mx[active] @ beta)
        dof = N - len(active) - 1
        cov = None
        if dof > 0 and np.linalg.matrix_rank(A) == len(active):
            cov = np.linalg.inv(A) * (sse / dof)
        for i, j in enumerate(active):
            coef[j] = float(beta[i])
            se[j] = float(sqrt(max(cov[i, i], 0.0))) if cov is not None else None
    r2 = None if Syy <= 1e-12 else float(1 - sse / Syy)
    return {"n": int(round(N)), "intercept": float(intercept), "coef": coef, "std_error": se, "r2": r2,
            "active": active, "moments": (Sxx, Sxy, Syy)}


def shapley_r2(Sxx, Sxy, Syy, active: list[int], k: int) -> list[float] | None:
    """Shapley (LMG) decomposition of R²: each predictor's average gain in R² over all orders.

    Exact for up to 16 varying predictors (2^16 small regressions); returns one
    value per column (0 for columns not in ``active``), summing to the full R².
    None when y does not vary.
    """
    if Syy <= 1e-12:
        return None
    p = len(active)
    out = [0.0] * k
    if p == 0:
        return out
    if p > 16:
        raise ValueError(f"Shapley decomposition over {p} predictors is too costly (at most 16)")
    cache: dict[tuple, float] = {}

    def r2(s):
        if s not in cache:
            cache[s] = _r2(Sxx, Sxy, Syy, s)
        return cache[s]

    for pos, j in enumerate(active):
        others = [a for a in active if a != j]
        total = 0.0
        for size in range(p):
            weight = 1.0 / (p * comb(p - 1, size))
            for s in combinations(others, size):
                with_j = tuple(sorted(s + (j,)))
                total += weight * (r2(with_j) - r2(tuple(s)))
        out[j] = total
    return out
