"""The statistical building blocks against independent computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from keyact.insights.stats import (
    collapse_patterns,
    fit_logit,
    hedges_g,
    holm,
    ratio_interval,
    wilson_interval,
)


def test_wilson_interval_matches_the_closed_form():
    s, n, z = 7, 20, 1.959963984540054
    p = s / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert wilson_interval(s, n) == (pytest.approx(centre - half), pytest.approx(centre + half))
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_ratio_interval_agrees_with_the_log_method_on_large_samples():
    s1, n1, s2, n2 = 3000, 10000, 2000, 10000
    ratio = (s1 / n1) / (s2 / n2)
    se = math.sqrt(1 / s1 - 1 / n1 + 1 / s2 - 1 / n2)
    lo, hi = ratio_interval(s1, n1, s2, n2)
    assert lo == pytest.approx(ratio * math.exp(-1.96 * se), rel=2e-3)
    assert hi == pytest.approx(ratio * math.exp(1.96 * se), rel=2e-3)


def test_ratio_interval_stays_sensible_on_small_and_extreme_samples():
    lo, hi = ratio_interval(5, 5, 2, 10)
    assert 0 < lo < 5.0 < hi
    assert ratio_interval(0, 10, 3, 10)[0] == 0.0
    assert ratio_interval(3, 10, 0, 10) is None


def test_holm_matches_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = [0.01, 0.04, 0.03, 0.5, None]
    expected = multipletests([0.01, 0.04, 0.03, 0.5], method="holm")[1]
    assert holm(p)[:4] == [pytest.approx(e) for e in expected]
    assert holm(p)[4] is None


def test_hedges_g_of_shifted_samples():
    a = np.array([1.0, 2, 3, 4, 5])
    b = a + 2
    pooled = math.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)
    assert hedges_g(b, a) == pytest.approx(2 / pooled * (1 - 3 / (4 * 10 - 9)))
    assert hedges_g(a[:1], b) is None


def test_collapsed_binomial_fit_equals_per_row_logit():
    rng = np.random.default_rng(4)
    n = 2000
    x = np.column_stack([np.ones(n), rng.random(n) < 0.4, rng.integers(0, 3, n) == 1])
    x = x.astype(float)
    y = rng.random(n) < 1 / (1 + np.exp(-(-0.5 + 1.0 * x[:, 1] + 0.3 * x[:, 2])))
    unique, successes, trials = collapse_patterns(x, y)
    fit = fit_logit(successes, trials, unique)
    reference = sm.Logit(y.astype(float), x).fit(disp=0)
    assert fit.coef == pytest.approx(reference.params, rel=1e-8)
    assert fit.se == pytest.approx(reference.bse, rel=1e-6)
    assert fit.p_values == pytest.approx(reference.pvalues, rel=1e-5)
    assert sps.norm.cdf(0) == 0.5  # scipy is the normal reference of the Wald p-value
