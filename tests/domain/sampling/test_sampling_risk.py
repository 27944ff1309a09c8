"""Risk weights from scorecards: what makes a call more likely to be drawn for review."""

import pytest

from qa.domain.sampling.risk import risk_weight
from qa.domain.scorecard import ItemResult, RubricRef, Scorecard, Verdict

RUBRIC = RubricRef("Acme inbound", "2026.1", "0" * 64)


def scorecard(*verdicts: Verdict, critical_fail: bool = False) -> Scorecard:
    items = [ItemResult(f"item{i}", "", "", v, 10.0) for i, v in enumerate(verdicts)]
    if critical_fail:
        items.append(ItemResult("courtesy", "", "", Verdict.FAIL, 10.0, critical=True))
    return Scorecard(RUBRIC, tuple(items), pass_mark=80.0)


def test_unscored_call_weighs_one() -> None:
    assert risk_weight(None) == 1.0


def test_clean_pass_weighs_one() -> None:
    assert risk_weight(scorecard(Verdict.PASS, Verdict.PASS, Verdict.NA)) == 1.0


def test_auto_fail_weighs_most() -> None:
    assert risk_weight(scorecard(Verdict.PASS, critical_fail=True)) == pytest.approx(8.0)


def test_low_score_weighs_by_its_shortfall() -> None:
    # 40 % against a pass mark of 80: half-way short → 1 + 3 × 0.5.
    card = scorecard(Verdict.PASS, Verdict.PASS, Verdict.FAIL, Verdict.FAIL, Verdict.FAIL)
    assert risk_weight(card) == pytest.approx(2.5)


def test_uncertain_items_add_up_to_three() -> None:
    one = scorecard(Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.UNCERTAIN)
    many = scorecard(*([Verdict.PASS] * 20), *([Verdict.UNCERTAIN] * 5))
    assert risk_weight(one) == pytest.approx(2.0)
    assert risk_weight(many) == pytest.approx(4.0)


def test_riskier_never_weighs_less() -> None:
    clean = risk_weight(scorecard(Verdict.PASS))
    low = risk_weight(scorecard(Verdict.PASS, Verdict.FAIL))
    failed = risk_weight(scorecard(Verdict.PASS, Verdict.FAIL, critical_fail=True))
    assert clean < low < failed
