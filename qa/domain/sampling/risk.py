"""How risky a call looks from its automatic scorecard, as a weight for risk-weighted sampling."""

from __future__ import annotations

from dataclasses import dataclass

from qa.domain.scorecard import Scorecard, Verdict

# A call with no scorecard, or a clean pass, weighs 1. The additions below make an auto-failed
# call about 8 times as likely to be drawn as a clean one, a call scored half-way to the pass
# mark 2.5 times, and each item the scorer could not decide adds one (up to three), because
# those are the calls where a supervisor's ear changes the outcome most.
BASE_WEIGHT = 1.0
AUTO_FAIL_WEIGHT = 4.0
SHORTFALL_WEIGHT = 3.0  # times the fraction of the pass mark the score fell short by
UNCERTAIN_ITEM_WEIGHT = 1.0
MAX_UNCERTAIN_ITEMS = 3


@dataclass(frozen=True, slots=True)
class RiskSignals:
    """What risk weighting reads from a scorecard (the store can fetch these in one query)."""

    score: float
    pass_mark: float
    auto_fail: bool
    uncertain_items: int

    @classmethod
    def of(cls, scorecard: Scorecard) -> RiskSignals:
        """The signals of a full scorecard."""
        uncertain = sum(1 for item in scorecard.items if item.verdict == Verdict.UNCERTAIN)
        return cls(scorecard.score, scorecard.pass_mark, scorecard.auto_fail, uncertain)

    @property
    def shortfall(self) -> float:
        """How far below the pass mark the score is, as a fraction of the pass mark (0..1)."""
        if self.pass_mark <= 0:
            return 0.0
        return min(1.0, max(0.0, self.pass_mark - self.score) / self.pass_mark)


def risk_weight(scorecard: Scorecard | RiskSignals | None) -> float:
    """A weight ≥ 1 that grows with auto-fails, low scores and undecided items."""
    if scorecard is None:
        return BASE_WEIGHT
    signals = RiskSignals.of(scorecard) if isinstance(scorecard, Scorecard) else scorecard
    weight = BASE_WEIGHT + SHORTFALL_WEIGHT * signals.shortfall
    if signals.auto_fail:
        weight += AUTO_FAIL_WEIGHT
    return weight + UNCERTAIN_ITEM_WEIGHT * min(signals.uncertain_items, MAX_UNCERTAIN_ITEMS)
