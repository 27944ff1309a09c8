"""A supervisor's decision on a re-scored reviewed call: accept the new automatic verdicts, or keep
the review. Used by `qa rescore` and meant for the review UI."""

from __future__ import annotations

from dataclasses import dataclass

from qa.domain.review.rescore import ItemChange, carried_over, differences, verdicts
from qa.domain.review.review import ReviewedCard
from qa.domain.scorecard import Scorecard
from qa.errors import BadInputError, NotFoundError
from qa.pipeline.access.identity import Identity, visible_call
from qa.storage.rescores import Proposal
from qa.storage.store import Store


@dataclass(frozen=True, slots=True)
class PendingRescore:
    """A reviewed call whose new automatic version waits for a supervisor."""

    call_id: int
    call_ref: str
    agent: str
    rubric: str  # name and version the new version was scored with
    changes: tuple[ItemChange, ...]


def _auto(card: ReviewedCard) -> dict[str, str]:
    return {i.result.item_id: i.auto_verdict.value for i in card.items}


def review_changes(card: ReviewedCard, fresh: Scorecard) -> tuple[ItemChange, ...]:
    """What taking `fresh`'s automatic verdicts would change in the review `card`."""
    return differences(_auto(card), verdicts(card.scorecard), verdicts(fresh))


def kept_decisions(card: ReviewedCard, fresh: Scorecard) -> dict[str, tuple[str, str, str]]:
    """Item id → (verdict, reviewer, reason) of the person's decisions that stay on accepting."""
    stay = carried_over(_auto(card), verdicts(card.scorecard), verdicts(fresh))
    return {
        item: (verdict, card.item(item).reviewer, card.item(item).override_reason)
        for item, verdict in stay.items()
        if card.item(item).overridden
    }


def _proposal(store: Store, call_id: int, ref: str) -> Proposal:
    found = store.proposal(call_id)
    if found is None:
        raise NotFoundError(
            f"Call {ref!r} has no new automatic scorecard waiting for a decision.",
            hint="`qa rescore list` shows the calls that have one.",
        )
    return found


def _pending(store: Store, proposal: Proposal) -> PendingRescore:
    call = store.call(proposal.call_id)
    reviewed = store.reviewed_card(call.id)
    assert reviewed is not None
    rubric = proposal.scorecard.rubric
    return PendingRescore(
        call.id, call.meta.call_id or str(call.id), call.meta.agent,
        f"{rubric.name} {rubric.version}", review_changes(reviewed, proposal.scorecard),
    )  # fmt: skip


def pending_rescores(store: Store) -> list[PendingRescore]:
    """Every reviewed call with a new automatic version awaiting a decision, in call order."""
    found = (store.proposal(call_id) for call_id in store.proposals())
    return [_pending(store, p) for p in found if p is not None]


def pending_rescore(store: Store, who: Identity, ref: str) -> PendingRescore:
    """The decision waiting on one call."""
    call = visible_call(store, who, ref)
    return _pending(store, _proposal(store, call.id, ref))


def accept_rescore(store: Store, who: Identity, ref: str, reason: str = "") -> ReviewedCard:
    """The new automatic verdicts become the call's scorecard, in review (finalize it again).

    Where the automatic verdict did not change, the person's decision (and its reason) stays.
    The old review stays in the call's history and the audit log; comments stay on the call.
    """
    call = visible_call(store, who, ref)
    proposal = _proposal(store, call.id, ref)
    if any(d.open for d in store.disputes(call.id)):
        raise BadInputError(
            f"Call {ref!r} has open disputes on its reviewed scorecard.",
            hint="Settle them with `qa resolve` first, or keep the review.",
        )
    reviewed = store.reviewed_card(call.id)
    assert reviewed is not None
    store.accept_proposal(proposal, who.login, reason, kept_decisions(reviewed, proposal.scorecard))
    card = store.reviewed_card(call.id)
    assert card is not None
    return card


def keep_review(store: Store, who: Identity, ref: str, reason: str = "") -> PendingRescore:
    """Keep the review as it is; the new automatic version is set aside (kept in history)."""
    call = visible_call(store, who, ref)
    proposal = _proposal(store, call.id, ref)
    pending = _pending(store, proposal)
    store.keep_review(proposal, who.login, reason)
    return pending
