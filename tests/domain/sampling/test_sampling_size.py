"""Statistical sample sizes (Cochran with finite-population correction) against known values."""

import math

import pytest

from qa.domain.sampling.size import (
    cochran_n0,
    required_sample_size,
    size_reasoning,
    z_score,
)


@pytest.mark.parametrize(
    ("population", "margin", "confidence", "p", "expected"),
    [
        (math.inf, 0.10, 0.95, 0.5, 97),  # n0 = 96.04, rounded up
        (50, 0.10, 0.95, 0.5, 34),  # 96.04 / (1 + 95.04/50) = 33.11
        (math.inf, 0.05, 0.95, 0.5, 385),  # the textbook 384.15 → 385
        (1000, 0.05, 0.95, 0.5, 278),  # 384.15 / (1 + 383.15/1000) = 277.74
        (math.inf, 0.10, 0.90, 0.5, 68),  # z = 1.645: 67.64
        (math.inf, 0.10, 0.99, 0.5, 166),  # z = 2.576: 165.87
        (math.inf, 0.10, 0.95, 0.9, 35),  # p = 0.9: 34.57
        (10, 0.10, 0.95, 0.5, 10),  # a small team member: every call
        (1, 0.10, 0.95, 0.5, 1),
        (0, 0.10, 0.95, 0.5, 0),
    ],
)
def test_known_sizes(
    population: float, margin: float, confidence: float, p: float, expected: int
) -> None:
    assert required_sample_size(population, margin, confidence, p) == expected


def test_n0_is_exact_before_the_correction() -> None:
    # Rounding n0 to 97 before correcting would give 34 too at N=50 but 279 at N=1000.
    assert cochran_n0(0.10, 0.95) == pytest.approx(96.0365, abs=1e-4)
    assert required_sample_size(1000, 0.05, 0.95) == 278


def test_z_for_95_percent() -> None:
    assert z_score(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_size_never_exceeds_the_population() -> None:
    for population in range(1, 300):
        assert required_sample_size(population, 0.10, 0.95) <= population


def test_size_grows_with_population_towards_the_infinite_size() -> None:
    sizes = [required_sample_size(n, 0.10, 0.95) for n in (10, 50, 100, 1000, 100_000)]
    assert sizes == sorted(sizes)
    assert sizes[-1] <= 97


@pytest.mark.parametrize(
    ("margin", "confidence", "p"),
    [(0.0, 0.95, 0.5), (1.0, 0.95, 0.5), (0.1, 1.0, 0.5), (0.1, 0.0, 0.5), (0.1, 0.95, 1.0)],
)
def test_out_of_range_inputs_are_refused(margin: float, confidence: float, p: float) -> None:
    with pytest.raises(ValueError):
        required_sample_size(100, margin, confidence, p)


def test_reasoning_shows_the_working() -> None:
    text = size_reasoning(50, 0.10, 0.95)
    assert "96.04" in text and "33.11" in text and text.endswith("34")
    assert size_reasoning(math.inf, 0.10, 0.95).endswith("97")
