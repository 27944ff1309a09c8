"""What an agent's replay keys may do right now: one plain sentence when a key cannot apply.

The replay screen hides a key whose refusal is not empty and answers it with that sentence
before any prompt opens; the service enforces the same rules when a change is written.
"""

from __future__ import annotations

from qa.domain.review.review import CardState
from qa.pipeline.disputes.replay import ReplayDetail

REVEALED = "You have seen the supervisor's verdicts; self-assessment of this call is closed."


def _not_final(detail: ReplayDetail, doing: str) -> str:
    if detail.card.state != CardState.FINAL:
        return f"This scorecard is not final yet; you can {doing} it once a supervisor closes it."
    return ""


def _dispute_refusal(detail: ReplayDetail, item_id: str | None) -> str:
    if refusal := _not_final(detail, "dispute"):
        return refusal
    if detail.acknowledged:
        return "You acknowledged this scorecard; it can no longer be disputed."
    if item_id is not None and any(d.open and d.item_id == item_id for d in detail.disputes):
        return f"Item {item_id} is already disputed; wait for the outcome."
    return ""


def _acknowledge_refusal(detail: ReplayDetail) -> str:
    if refusal := _not_final(detail, "acknowledge"):
        return refusal
    if detail.acknowledged:
        return "You have already acknowledged this scorecard."
    if any(d.open and d.item_id for d in detail.disputes):
        return "This scorecard has open disputes; wait for their outcome first."
    return ""


def replay_refusal(detail: ReplayDetail | None, action: str, item_id: str | None = None) -> str:
    """Why the agent's `action` cannot apply to this call now ("" when it can)."""
    if detail is None:
        return "The call is still loading."
    if action == "self_verdict":
        return REVEALED if detail.revealed else ""
    if action == "reveal":
        return "The verdicts are already shown." if detail.revealed else ""
    if action == "acknowledge":
        return _acknowledge_refusal(detail)
    if action == "dispute":
        return _dispute_refusal(detail, item_id)
    return ""
