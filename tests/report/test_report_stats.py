import itertools
import math

import numpy as np
import pytest

from ces_nlp.report.stats import (bootstrap_mean_differences, shapley_r2, weighted_mean, weighted_ols,
                                  wilson_interval)

Z = 1.959963984540054


def _wilson_by_quadratic(k, n):
    """Wilson bounds as the roots p of (k/n - p)^2 = z^2 p (1 - p) / n."""
    ph = k / n
    a = 1 + Z * Z / n
    b = -(2 * ph + Z * Z / n)
    c = ph * ph
    return sorted(np.roots([a, b, c]).real)


@pytest.mark.parametrize("k,n", [(8, 10), (0, 12), (12, 12), (1, 1), (357, 4216)])
def test_wilson_matches_the_quadratic_it_solves(k, n):
    lo, hi = wilson_interval(k, n)
    rlo, rhi = _wilson_by_quadratic(k, n)
    assert lo == pytest.approx(max(rlo, 0.0), abs=1e-9)
    assert hi == pytest.approx(min(rhi, 1.0), abs=1e-9)
    assert lo <= k / n <= hi


def test_wilson_known_value_and_empty_base():
    lo, hi = wilson_interval(8, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.4902, 0.9433)  # textbook value for 8 of 10
    assert wilson_interval(0, 0) is None


def test_weighted_mean():
    assert weighted_mean([1, 5], [3, 1]) == pytest.approx(2.0)
    assert weighted_mean([1, 5], [0, 0]) is None


def _expand(X, y, w):
    idx = np.repeat(np.arange(len(y)), w)
    return np.asarray(X, float)[idx], np.asarray(y, float)[idx]


def test_weighted_ols_equals_least_squares_on_the_expanded_rows():
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1], [1, 0]])
    y = np.array([2.0, 4.0, 3.0, 6.0, 5.0])
    w = np.array([3, 2, 4, 1, 2])
    fit = weighted_ols(X, y, w)
    Xe, ye = _expand(X, y, w)
    A = np.column_stack([np.ones(len(ye)), Xe])
    beta, *_ = np.linalg.lstsq(A, ye, rcond=None)
    resid = ye - A @ beta
    r2 = 1 - resid @ resid / ((ye - ye.mean()) @ (ye - ye.mean()))
    cov = np.linalg.inv(A.T @ A) * (resid @ resid / (len(ye) - 3))
    assert fit["intercept"] == pytest.approx(beta[0])
    assert fit["coef"] == pytest.approx(list(beta[1:]))
    assert fit["r2"] == pytest.approx(r2)
    assert fit["std_error"] == pytest.approx(list(np.sqrt(np.diag(cov))[1:]))
    assert fit["n"] == 12


def test_weighted_ols_leaves_constant_columns_out_and_handles_constant_y():
    X = np.array([[0, 0], [1, 0], [1, 0]])
    fit = weighted_ols(X, [1.0, 3.0, 3.0], [1, 1, 1])
    assert fit["coef"][1] is None and fit["coef"][0] == pytest.approx(2.0)
    assert fit["r2"] == pytest.approx(1.0)
    flat = weighted_ols(X, [4.0, 4.0, 4.0], [1, 2, 3])
    assert flat["r2"] is None and flat["coef"][0] == pytest.approx(0.0)


def _r2(Xe, ye, cols):
    if not cols:
        return 0.0
    A = np.column_stack([np.ones(len(ye))] + [Xe[:, c] for c in cols])
    beta, *_ = np.linalg.lstsq(A, ye, rcond=None)
    r = ye - A @ beta
    return 1 - r @ r / ((ye - ye.mean()) @ (ye - ye.mean()))


def test_shapley_r2_equals_the_average_over_all_orders():
    rng = np.random.default_rng(3)
    X = rng.integers(0, 2, size=(40, 3)).astype(float)
    y = 1 + 2 * X[:, 0] + 0.5 * X[:, 1] + X[:, 0] * X[:, 2] + rng.normal(0, 0.3, 40)
    w = rng.integers(1, 4, size=40)
    fit = weighted_ols(X, y, w)
    imp = shapley_r2(*fit["moments"], fit["active"], 3)
    Xe, ye = _expand(X, y, w)
    expected = np.zeros(3)
    orders = list(itertools.permutations(range(3)))
    for order in orders:
        for i, j in enumerate(order):
            expected[j] += _r2(Xe, ye, list(order[:i + 1])) - _r2(Xe, ye, list(order[:i]))
    expected /= len(orders)
    assert imp == pytest.approx(list(expected), abs=1e-9)
    assert sum(imp) == pytest.approx(fit["r2"])


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    ces = np.array([1, 2, 3, 5, 6, 7], dtype=float)
    ind = np.array([[0], [0], [0], [1], [1], [1]])
    counts = np.array([10, 12, 8, 6, 5, 4])
    a = bootstrap_mean_differences(ces, ind, counts, n_boot=500, seed=1)
    b = bootstrap_mean_differences(ces, ind, counts, n_boot=500, seed=1)
    c = bootstrap_mean_differences(ces, ind, counts, n_boot=500, seed=2)
    assert a == b and a != c
    est = (5 * 6 + 6 * 5 + 7 * 4) / 15 - (1 * 10 + 2 * 12 + 3 * 8) / 30
    lo, hi = a[0]
    assert lo < est < hi
    # the spread matches the normal approximation of a difference of two means within 25 %
    def var(vals, cnt):
        m = np.average(vals, weights=cnt)
        return np.average((vals - m) ** 2, weights=cnt) / cnt.sum()
    se = math.sqrt(var(ces[3:], counts[3:]) + var(ces[:3], counts[:3]))
    assert (hi - lo) == pytest.approx(2 * Z * se, rel=0.25)


def test_bootstrap_gives_none_when_a_side_is_empty():
    out = bootstrap_mean_differences([2.0, 3.0], [[0, 1], [0, 1]], [4, 5], n_boot=50, seed=0)
    assert out == [None, None]
