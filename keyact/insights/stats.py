"""Statistical building blocks, pure functions over numbers and numpy arrays.

Intervals and tests come from scipy and statsmodels (imported where used: they take seconds
to import, and every web process would pay for them at start); only the glue is here:

* ``wilson_interval`` — the Wilson score interval of a proportion (statsmodels).
* ``ratio_interval`` — the confidence interval of a ratio of two independent proportions by
  the MOVER method built on the two Wilson intervals (Donner & Zou, *Statistical Methods in
  Medical Research* 2012); it stays inside sensible bounds on small or extreme samples where the
  log (Katz) interval fails, and matches it on large ones.
* ``holm`` — Holm's step-down adjustment of p-values for the many types tested at once.
* ``hedges_g`` — standardised mean difference with the small-sample correction.
* ``fit_logit`` — a logistic regression fitted as a binomial GLM on collapsed covariate
  patterns (successes out of trials per pattern): the likelihood, the estimates and the
  standard errors are exactly those of the per-deal logistic regression, at a fraction of the
  cost. Separation and non-convergence are detected and reported, never papered over.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Z95 = 1.959963984540054
# A coefficient this large (an odds ratio past ~e^8 ≈ 3,000) or a standard error this large
# means the maximum-likelihood estimate does not exist: (quasi-)separation.
MAX_ABS_COEF = 8.0
MAX_SE = 20.0


def wilson_interval(successes: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of ``successes / n`` ((0, 1) when n is 0)."""
    if n <= 0:
        return (0.0, 1.0)
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(successes, n, alpha=0.05, method="wilson")
    return (float(lo), float(hi))


def ratio_interval(
    successes_1: int, n_1: int, successes_2: int, n_2: int
) -> tuple[float, float | None] | None:
    """95% MOVER-Wilson interval of (s1/n1) / (s2/n2); None when undefined.

    The upper bound is None (unbounded) when the denominator proportion's lower limit is 0.
    """
    if n_1 <= 0 or n_2 <= 0:
        return None
    p1, p2 = successes_1 / n_1, successes_2 / n_2
    l1, u1 = wilson_interval(successes_1, n_1)
    l2, u2 = wilson_interval(successes_2, n_2)
    if p2 == 0:
        return None
    product = p1 * p2
    lower_radicand = max(0.0, product**2 - l1 * u2 * (2 * p1 - l1) * (2 * p2 - u2))
    lower = (product - math.sqrt(lower_radicand)) / (u2 * (2 * p2 - u2))
    upper_radicand = max(0.0, product**2 - u1 * l2 * (2 * p1 - u1) * (2 * p2 - l2))
    denominator = l2 * (2 * p2 - l2)
    upper = None if denominator <= 0 else (product + math.sqrt(upper_radicand)) / denominator
    return (max(0.0, lower), upper)


def holm(p_values: list[float | None]) -> list[float | None]:
    """Holm-adjusted p-values (family-wise error), None where the input is None."""
    indexed = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(indexed)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def hedges_g(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float | None:
    """Standardised mean difference (a - b) / pooled SD with Hedges' small-sample correction."""
    n_a, n_b = len(a), len(b)
    if n_a < 2 or n_b < 2:
        return None
    pooled = ((n_a - 1) * a.var(ddof=1) + (n_b - 1) * b.var(ddof=1)) / (n_a + n_b - 2)
    if pooled <= 0:
        return None
    correction = 1 - 3 / (4 * (n_a + n_b) - 9)
    return float((a.mean() - b.mean()) / math.sqrt(pooled) * correction)


def mann_whitney(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float | None:
    """Two-sided Mann-Whitney U p-value (rank-based: no normality assumed); None if undefined."""
    if len(a) < 2 or len(b) < 2:
        return None
    if np.ptp(np.concatenate([a, b])) == 0:
        return 1.0
    from scipy.stats import mannwhitneyu

    return float(mannwhitneyu(a, b, alternative="two-sided").pvalue)


def design_columns(
    columns: list[npt.NDArray[np.float64]], names: list[str], keep_first: int
) -> tuple[npt.NDArray[np.float64], list[str]]:
    """Stack columns, dropping any that is a linear combination of the ones kept before it.

    The first ``keep_first`` columns (intercept and the variable of interest) come first; a
    control that adds no information (e.g. a sales mode implied by size band and novelty) is
    dropped instead of making the model singular. A variable of interest that is itself
    redundant is returned with its name prefixed by ``!``. Ranks are taken on the small Gram
    matrix (columns x columns), not on the rows.
    """
    matrix = np.column_stack(columns)
    gram = matrix.T @ matrix
    scale = np.sqrt(np.maximum(np.diag(gram), 1e-300))
    gram = gram / np.outer(scale, scale)
    kept: list[int] = []
    kept_names: list[str] = []
    for position, name in enumerate(names):
        trial = [*kept, position]
        eigenvalues = np.linalg.eigvalsh(gram[np.ix_(trial, trial)])
        if eigenvalues.min() > 1e-9 * max(1.0, eigenvalues.max()):
            kept.append(position)
            kept_names.append(name)
        elif position < keep_first:
            kept_names.append(f"!{name}")
    return matrix[:, kept], kept_names


@dataclass(frozen=True)
class LogitFit:
    """A logistic regression: per column its estimate, standard error and p-value (NaN where
    the column is separated), and whether the fit converged at all."""

    coef: npt.NDArray[np.float64]
    se: npt.NDArray[np.float64]
    p_values: npt.NDArray[np.float64]
    converged: bool
    separated: tuple[int, ...]

    def odds_ratio(self, column: int) -> tuple[float, tuple[float, float], float] | None:
        """(odds ratio, Wald 95% interval, p-value) of a column, or None if not estimable."""
        if not self.converged or column in self.separated:
            return None
        coef, se = float(self.coef[column]), float(self.se[column])
        return (
            math.exp(coef),
            (math.exp(coef - Z95 * se), math.exp(coef + Z95 * se)),
            float(self.p_values[column]),
        )


def fit_logit(
    successes: npt.NDArray[np.float64],
    trials: npt.NDArray[np.float64],
    design: npt.NDArray[np.float64],
) -> LogitFit:
    """Fit logit(p) = design · β by maximum likelihood (binomial GLM, statsmodels).

    ``successes`` and ``trials`` are per row of ``design`` (one row per covariate pattern, or
    per deal with trials 1). Columns whose estimate runs away (|β| > MAX_ABS_COEF or its
    standard error > MAX_SE) are reported in ``separated``: their maximum-likelihood estimate
    does not exist. A fit that fails to converge says so.
    """
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import (
        ConvergenceWarning,
        PerfectSeparationError,
        PerfectSeparationWarning,
    )

    columns = design.shape[1]
    nan = np.full(columns, np.nan)
    failures = trials - successes
    endog = np.column_stack([successes, failures])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            result = sm.GLM(endog, design, family=sm.families.Binomial()).fit(maxiter=100)
        except (ConvergenceWarning, PerfectSeparationError, np.linalg.LinAlgError, ValueError):
            return LogitFit(nan, nan, nan, converged=False, separated=())
    coef = np.asarray(result.params, dtype=np.float64)
    se = np.asarray(result.bse, dtype=np.float64)
    runaway = ~np.isfinite(coef) | ~np.isfinite(se) | (np.abs(coef) > MAX_ABS_COEF) | (se > MAX_SE)
    return LogitFit(
        coef=coef,
        se=se,
        p_values=np.asarray(result.pvalues, dtype=np.float64),
        converged=True,
        separated=tuple(int(i) for i in np.flatnonzero(runaway)),
    )


def collapse_patterns(
    design: npt.NDArray[Any], outcome: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[Any], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Group identical rows of ``design``: (unique rows, successes per row, trials per row)."""
    unique, inverse = np.unique(design, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    trials = np.asarray(np.bincount(inverse, minlength=len(unique)), dtype=np.float64)
    weights = outcome.astype(np.float64)
    successes = np.asarray(
        np.bincount(inverse, weights=weights, minlength=len(unique)), dtype=np.float64
    )
    return unique, successes, trials
