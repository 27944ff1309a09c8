"""Re-scoring a reviewed call: new automatic verdicts stored beside a review, never over it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qa.domain.scorecard import Scorecard

# Scorecard states beside the three of a review (automatic, in_review, final):
PROPOSED = "proposed"  # a new automatic version stored beside a reviewed card, awaiting a decision
SET_ASIDE = "set_aside"  # a proposal a supervisor declined, or one a newer proposal replaced
TOUCHED_STATUSES = frozenset({"in_review", "final", "disputed"})  # a person has worked on it
ABSENT = "absent"  # the item is not on that scorecard (the rubric added or dropped it)


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One item whose new automatic verdict differs from the verdict in the person's review."""

    item_id: str
    reviewed: str
    automatic: str

    def describe(self) -> str:
        """`greeting: pass (review) → fail (automatic)`."""
        return f"{self.item_id}: {self.reviewed} (review) → {self.automatic} (automatic)"


def touched(card_state: str, call_status: str) -> bool:
    """True when a person has worked on the call's scorecard: re-scoring must not replace it."""
    return card_state not in ("", "automatic") or call_status in TOUCHED_STATUSES


def carried_over(
    old_auto: Mapping[str, str], reviewed: Mapping[str, str], fresh_auto: Mapping[str, str]
) -> dict[str, str]:
    """The review's verdicts that stay when the new automatic verdicts are taken: every item
    whose automatic verdict did not change keeps what the person decided."""
    return {
        item: reviewed[item]
        for item, verdict in fresh_auto.items()
        if item in reviewed and old_auto.get(item) == verdict
    }


def differences(
    old_auto: Mapping[str, str], reviewed: Mapping[str, str], fresh_auto: Mapping[str, str]
) -> tuple[ItemChange, ...]:
    """What taking the new automatic verdicts would change in the review, in the new order."""
    after = {**fresh_auto, **carried_over(old_auto, reviewed, fresh_auto)}
    order = [*after, *(item for item in reviewed if item not in after)]
    return tuple(
        ItemChange(item, reviewed.get(item, ABSENT), after.get(item, ABSENT))
        for item in order
        if reviewed.get(item, ABSENT) != after.get(item, ABSENT)
    )


def verdicts(card: Scorecard) -> dict[str, str]:
    """Item id → verdict of a scorecard."""
    return {i.item_id: i.verdict.value for i in card.items}
