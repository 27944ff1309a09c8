"""How many calls to review: Cochran's sample size for a pass rate, corrected for few calls."""

from __future__ import annotations

import math
from statistics import NormalDist

# Float noise such as 34.0000000001 must not round up to 35.
_CEIL_TOLERANCE = 1e-9


def _ceil(value: float) -> int:
    return math.ceil(value - _CEIL_TOLERANCE)


def z_score(confidence: float) -> float:
    """The two-sided normal quantile for a confidence level (0.95 → 1.96)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (got {confidence})")
    return NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)


def cochran_n0(margin: float, confidence: float, p: float = 0.5) -> float:
    """Cochran's n0 = z² p (1-p) / e² for an infinite population (not rounded)."""
    if not 0.0 < margin < 1.0:
        raise ValueError(f"margin must be between 0 and 1, e.g. 0.10 for ±10 % (got {margin})")
    if not 0.0 < p < 1.0:
        raise ValueError(f"expected pass rate must be between 0 and 1 (got {p})")
    return z_score(confidence) ** 2 * p * (1.0 - p) / margin**2


def corrected_size(n0: float, population: float) -> float:
    """The finite-population correction n0 / (1 + (n0 - 1) / N) (N = inf leaves n0 as it is)."""
    if math.isinf(population):
        return n0
    return n0 / (1.0 + (n0 - 1.0) / population)


def required_sample_size(
    population: float, margin: float, confidence: float, p: float = 0.5
) -> int:
    """Calls to review to estimate a pass rate within ±margin at the confidence level.

    `population` is the agent's number of calls (math.inf for an unlimited stream). The exact
    n0 goes into the correction and only the result is rounded up, never beyond the population.
    """
    if population < 0:
        raise ValueError(f"population cannot be negative (got {population})")
    if population == 0:
        return 0
    n = _ceil(corrected_size(cochran_n0(margin, confidence, p), population))
    return n if math.isinf(population) else min(n, int(population))


def size_reasoning(population: float, margin: float, confidence: float, p: float = 0.5) -> str:
    """How `required_sample_size` got its answer, in one line a supervisor can check by hand."""
    if population == 0:
        return "no calls in the period, nothing to review"
    z = z_score(confidence)
    n0 = cochran_n0(margin, confidence, p)
    size = required_sample_size(population, margin, confidence, p)
    head = (
        f"n0 = {z:.3f}² × {p:g} × {1 - p:g} / {margin:g}² = {n0:.2f} "
        f"(±{margin:.0%} at {confidence:.0%} confidence)"
    )
    if math.isinf(population):
        return f"{head}; rounded up: {size}"
    n = corrected_size(n0, population)
    return (
        f"{head}; for {int(population)} calls: {n0:.2f} / (1 + {n0 - 1:.2f} / {int(population)})"
        f" = {n:.2f}; rounded up: {size}"
    )
