"""What a supervisor's call-screen keys may do right now: one plain sentence when a key cannot.

The call screen hides a key whose refusal is not empty and answers it with that sentence
before any prompt opens; the store enforces the same rules (qa/domain/review/review.py) on writing.
"""

from __future__ import annotations

from qa.domain.review.review import CardState, finalize_refusal
from qa.pipeline.review.next_steps import attention_items
from qa.pipeline.review.review import CallDetail

NEEDS_CARD = {"verdict", "finalize", "finalize_next", "reopen", "attention", "resolve"}


def _card_refusal(detail: CallDetail, action: str) -> str:
    card = detail.card
    assert card is not None
    final = card.state == CardState.FINAL
    if action == "verdict" and final:
        return "The scorecard is final; R reopens it (asks why)."
    if action in ("finalize", "finalize_next"):
        refusal = finalize_refusal(card.state, card.scorecard.items)
        return f"Cannot finalize: {refusal}." if refusal else ""
    if action == "reopen" and not final:
        return "Only a final scorecard can be reopened."
    if action == "attention" and not attention_items(card, detail.disputes):
        if final:
            return "The scorecard is final; Esc goes back to the queue, R reopens it (asks why)."
        return "Nothing left to check on this call: N finalizes it and opens the next one."
    if action == "resolve" and not detail.open_disputes:
        return "No open dispute on this call; ⚑ marks disputed items."
    return ""


def call_refusal(detail: CallDetail | None, action: str) -> str:
    """Why the supervisor's `action` cannot apply to this call now ("" when it can)."""
    if action not in NEEDS_CARD:
        return ""
    if detail is None:
        return "The call is still loading."
    if detail.card is None:
        return "This call has no scorecard yet: `qa score` scores it."
    return _card_refusal(detail, action)
