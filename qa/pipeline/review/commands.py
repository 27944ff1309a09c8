"""A supervisor's review from the command line: the review service the TUI uses, by call ref."""

from __future__ import annotations

from qa.domain.review.review import ReviewedCard
from qa.domain.scorecard import Verdict
from qa.errors import BadInputError
from qa.pipeline.review.review import ReviewService

VERDICTS = ("pass", "fail", "na")


def parse_verdict(text: str) -> Verdict:
    """pass, fail or na (what a reviewer sets)."""
    cleaned = text.strip().lower().replace("n/a", "na")
    if cleaned not in VERDICTS:
        raise BadInputError(f"{text!r} is not a verdict a reviewer sets; use pass, fail or na.")
    return Verdict(cleaned)


def _call_id(service: ReviewService, ref: str) -> int:
    return service.store.call_by_ref(ref).id


def set_verdict(
    service: ReviewService, ref: str, item_id: str, verdict: str, reason: str = ""
) -> ReviewedCard:
    """Set one item's verdict on the call's current scorecard; an override needs a reason."""
    call_id = _call_id(service, ref)
    card = service.card(call_id)
    try:
        card.item(item_id)
    except KeyError:
        known = ", ".join(i.result.item_id for i in card.items)
        raise BadInputError(f"No item {item_id!r} on this scorecard (items: {known}).") from None
    chosen = parse_verdict(verdict)
    if service.unchanged(card, item_id, chosen):
        return card  # nothing to write; `verdict_unchanged` says so
    if service.needs_reason(card, item_id, chosen) and not reason.strip():
        auto = card.item(item_id).auto_verdict.value
        raise BadInputError(
            f"Overriding the automatic {auto} of {item_id} needs a reason.",
            hint='Add --reason "what you heard".',
        )
    return service.set_verdict(call_id, card, item_id, chosen, reason.strip())


def verdict_unchanged(service: ReviewService, ref: str, item_id: str, verdict: str) -> str:
    """What to say when the item already has this verdict ("" when setting it changes it)."""
    return service.unchanged(service.card(_call_id(service, ref)), item_id, parse_verdict(verdict))


def finalize(service: ReviewService, ref: str) -> ReviewedCard:
    """Lock the call's scorecard with its recomputed score (every item decided)."""
    call_id = _call_id(service, ref)
    return service.finalize(call_id, service.card(call_id))


def reopen(service: ReviewService, ref: str, reason: str) -> ReviewedCard:
    """Unlock the call's final scorecard for more review (needs a reason)."""
    call_id = _call_id(service, ref)
    return service.reopen(call_id, service.card(call_id), reason)
