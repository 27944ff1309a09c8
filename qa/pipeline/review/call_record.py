"""Everything people added to one call's scorecard, for `qa show`: the review state, verdict
changes with who and why, comments, the agent's self-assessment and disputes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa.domain.review.review import Comment, ReviewedCard
from qa.storage.agent_store import Dispute
from qa.storage.store import Store


@dataclass(frozen=True, slots=True)
class CallRecord:
    """A call's review as stored: card (None when unscored), comments, self-assessment,
    disputes and acknowledgements."""

    card: ReviewedCard | None
    comments: tuple[Comment, ...]
    self_assessment: dict[str, dict[str, str]]  # login -> item id -> verdict
    disputes: tuple[Dispute, ...]

    def review_json(self) -> dict[str, Any] | None:
        """The `review` object of `qa show --json`: state and the verdicts people changed."""
        if self.card is None:
            return None
        card = self.card
        changed = [
            {"item": i.result.item_id, "auto_verdict": i.auto_verdict.value,
             "verdict": i.result.verdict.value, "by": i.reviewer, "reason": i.override_reason}
            for i in card.items if i.overridden
        ]  # fmt: skip
        return {
            "state": card.state.value,
            "version": card.version,
            "reviewed_by": card.reviewed_by,
            "auto_score": card.auto_score,
            "overrides": changed,
        }

    def to_json(self) -> dict[str, Any]:
        """The keys `qa show --json` adds beside call, transcript and scorecard."""
        return {
            "review": self.review_json(),
            "comments": [_comment(c) for c in self.comments],
            "self_assessment": self.self_assessment,
            "disputes": [_dispute(d) for d in self.disputes],
        }


def _when(moment: Any) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _comment(comment: Comment) -> dict[str, Any]:
    return {"author": comment.author, "text": comment.text, "item": comment.item_id or None,
            "at": comment.at_seconds, "created_at": _when(comment.created_at)}  # fmt: skip


def _dispute(dispute: Dispute) -> dict[str, Any]:
    return {
        "item": dispute.item_id or None,
        "raised_by": dispute.raised_by,
        "reason": dispute.reason,
        "status": dispute.status,
        "resolution": dispute.resolution,
        "resolved_by": dispute.resolved_by or None,
        "created_at": _when(dispute.created_at),
        "resolved_at": _when(dispute.resolved_at),
    }


def call_record(store: Store, call_id: int) -> CallRecord:
    """Read the call's review, comments, self-assessment and disputes."""
    assessed = {
        login: {item: verdict.value for item, verdict in verdicts.items()}
        for login, verdicts in store.self_assessments(call_id).items()
    }
    return CallRecord(
        card=store.reviewed_card(call_id),
        comments=tuple(store.comments(call_id)),
        self_assessment=assessed,
        disputes=tuple(store.disputes(call_id)),
    )
