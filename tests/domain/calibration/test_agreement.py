"""Calibration statistics against textbook values and the degenerate cases a QA team will hit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.domain.calibration.agreement import (
    Rating,
    cohen_kappa,
    fleiss_kappa,
    item_agreement,
    percent_agreement,
    scorer_agreement,
)

# Fleiss (1971), table 1: 30 patients, 6 psychiatrists each, 5 diagnoses. Published in the
# paper only as counts; this per-rater form is R irr's `diagnoses`, kappam.fleiss = 0.4302445.
DIAGNOSES = [
    "444444", "222555", "233335", "555555", "222444", "113333", "333355", "113334",
    "114444", "555555", "144444", "124444", "222333", "144444", "224445", "333335",
    "111455", "111112", "224444", "133555", "555555", "244444", "224555", "114444",
    "144445", "222224", "111155", "224444", "133333", "555555",
]  # fmt: skip

# Wikipedia's Fleiss example: 10 subjects, 14 raters, counts per category 1..5; kappa 0.210.
WIKIPEDIA_COUNTS = [
    (0, 0, 0, 0, 14), (0, 2, 6, 4, 2), (0, 0, 3, 5, 6), (0, 3, 9, 2, 0), (2, 2, 8, 1, 1),
    (7, 7, 0, 0, 0), (3, 2, 6, 3, 0), (2, 5, 3, 2, 2), (6, 5, 2, 1, 0), (0, 2, 2, 3, 7),
]  # fmt: skip


def _from_counts(counts: tuple[int, ...]) -> list[int]:
    return [category for category, n in enumerate(counts) for _ in range(n)]


def _from_table(table: list[list[int]]) -> tuple[list[int], list[int]]:
    """Two raters' lists from a contingency table (rows: first rater, columns: second)."""
    pairs = [(i, j) for i, row in enumerate(table) for j, n in enumerate(row) for _ in range(n)]
    return [a for a, _ in pairs], [b for _, b in pairs]


class TestTextbookValues:
    """The statistics reproduce the worked examples supervisors can check by hand."""

    def test_fleiss_1971_psychiatric_diagnoses(self) -> None:
        assert fleiss_kappa([list(row) for row in DIAGNOSES]) == pytest.approx(0.4302445, abs=1e-7)

    def test_fleiss_wikipedia_example(self) -> None:
        subjects = [_from_counts(c) for c in WIKIPEDIA_COUNTS]
        assert fleiss_kappa(subjects) == pytest.approx(0.20993070, abs=1e-8)
        assert percent_agreement(subjects) == pytest.approx(0.378, abs=5e-4)

    def test_cohen_wikipedia_yes_no_example(self) -> None:
        # 50 grant proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15.
        first, second = _from_table([[20, 5], [10, 15]])
        assert cohen_kappa(first, second) == pytest.approx(0.4)
        assert percent_agreement(list(zip(first, second, strict=True))) == pytest.approx(0.7)

    def test_cohen_three_categories_by_hand(self) -> None:
        # po = 13/19, pe = (5*0 + 8*13 + 6*6)/19^2 = 140/361, kappa = 107/221 (SAS: 0.4842).
        first, second = _from_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
        assert cohen_kappa(first, second) == pytest.approx(107 / 221)


class TestDegenerateCases:
    """Kappa stays defined when raters never vary; empty input is refused plainly."""

    def test_everyone_always_passes_is_perfect_agreement(self) -> None:
        assert cohen_kappa(["pass"] * 5, ["pass"] * 5) == 1.0
        assert fleiss_kappa([["pass"] * 3] * 4) == 1.0

    def test_systematic_disagreement_is_minus_one(self) -> None:
        assert cohen_kappa(["pass", "fail"], ["fail", "pass"]) == pytest.approx(-1.0)

    def test_agreement_no_better_than_chance_is_zero(self) -> None:
        assert cohen_kappa(["p", "p", "f", "f"], ["p", "f", "p", "f"]) == pytest.approx(0.0)

    def test_subjects_rated_once_are_skipped(self) -> None:
        assert fleiss_kappa([["pass"], ["pass", "pass"], ["fail", "fail"]]) == 1.0

    @pytest.mark.parametrize("bad", [([], []), (["pass"], ["pass", "fail"])])
    def test_cohen_refuses_unpaired_lists(self, bad: tuple[list[str], list[str]]) -> None:
        with pytest.raises(ValueError, match="equally long"):
            cohen_kappa(*bad)

    def test_nobody_rated_twice_is_refused(self) -> None:
        with pytest.raises(ValueError, match="two or more raters"):
            fleiss_kappa([["pass"], ["fail"]])


verdicts = st.sampled_from(["pass", "fail", "na"])
paired = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(verdicts, min_size=n, max_size=n), st.lists(verdicts, min_size=n, max_size=n)
    )
)


@given(paired)
def test_cohen_is_symmetric_and_bounded(pair: tuple[list[str], list[str]]) -> None:
    first, second = pair
    kappa = cohen_kappa(first, second)
    assert kappa == pytest.approx(cohen_kappa(second, first))
    assert -1.0 - 1e-9 <= kappa <= 1.0 + 1e-9


@given(st.lists(st.lists(verdicts, min_size=2, max_size=6), min_size=1, max_size=20))
def test_fleiss_is_bounded_and_ignores_category_names(subjects: list[list[str]]) -> None:
    renamed = [[{"pass": "ok", "fail": "bad", "na": "skip"}[v] for v in s] for s in subjects]
    assert fleiss_kappa(subjects) <= 1.0 + 1e-9
    assert fleiss_kappa(subjects) == pytest.approx(fleiss_kappa(renamed))
    assert 0.0 <= percent_agreement(subjects) <= 1.0


def _ratings(rater: str, item: str, verdicts: str) -> list[Rating]:
    names = {"p": "pass", "f": "fail", "n": "na", "-": "pending"}
    return [Rating(f"C{i}", item, rater, names[v]) for i, v in enumerate(verdicts)]


class TestPerItemCalibration:
    """A calibration session: several supervisors and the scorer rate the same calls."""

    def test_two_supervisors_use_cohen_per_item(self) -> None:
        ratings = _ratings("ana", "greeting", "ppff") + _ratings("ben", "greeting", "pfpf")
        ratings += _ratings("ana", "closing", "pppp") + _ratings("ben", "closing", "pppp")
        rows = {row.item: row for row in item_agreement(ratings)}
        assert [rows["greeting"].method, rows["greeting"].calls] == ["cohen", 4]
        assert rows["greeting"].percent == pytest.approx(0.5)
        assert rows["greeting"].kappa == pytest.approx(0.0)
        assert (rows["closing"].percent, rows["closing"].kappa) == (1.0, 1.0)

    def test_three_supervisors_use_fleiss(self) -> None:
        ratings = [r for who in ("ana", "ben", "cy") for r in _ratings(who, "greeting", "pf")]
        [row] = item_agreement(ratings)
        assert (row.method, row.raters, row.kappa) == ("fleiss", 3, 1.0)

    def test_pending_means_not_rated(self) -> None:
        ratings = _ratings("ana", "demeanor", "--") + _ratings("ben", "demeanor", "pp")
        [row] = item_agreement(ratings)
        assert (row.calls, row.percent, row.kappa, row.method) == (0, None, None, "")

    def test_supervisors_against_the_scorer_pool_their_pairs(self) -> None:
        ratings = _ratings("auto", "greeting", "ppff") + _ratings("ana", "greeting", "ppff")
        ratings += _ratings("ben", "greeting", "pfpf")
        [row] = scorer_agreement(ratings, scorer="auto")
        # 8 pairs: ana agrees on 4, ben on 2; both raters split 4/4, so chance is 0.5.
        assert (row.calls, row.raters) == (4, 2)
        assert row.percent == pytest.approx(6 / 8)
        assert row.kappa == pytest.approx(0.5)

    def test_a_later_rating_replaces_an_earlier_one(self) -> None:
        ratings = _ratings("ana", "greeting", "f") + _ratings("ana", "greeting", "p")
        ratings += _ratings("auto", "greeting", "p")
        [row] = scorer_agreement(ratings, scorer="auto")
        assert row.percent == 1.0
