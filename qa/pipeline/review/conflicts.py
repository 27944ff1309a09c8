"""What a supervisor reads when another supervisor changed the call they had open."""

from __future__ import annotations

from qa.domain.review.review import CardState, Change, ReviewedCard
from qa.errors import ConflictError


def conflict_note(error: ConflictError, card: ReviewedCard | None, kept: str = "") -> str:
    """Who changed what, that nothing was overwritten, and what the reviewer can do now."""
    changes = [c for c in error.changes if isinstance(c, Change)]
    who = sorted({c.actor for c in changes})
    titles = card.titles() if card is not None else {}
    what = "; ".join(c.describe(titles) for c in changes) or "the scorecard changed"
    head = (
        f"{' and '.join(who) or 'Someone else'} changed this call while you had it open ({what})."
    )
    if card is not None and card.state == CardState.FINAL:
        return f"{head} Nothing of yours was written. It is final now: R reopens it (asks why)."
    if kept:
        return (
            f"{head} Nothing of yours was written; your reason for {kept} is kept: "
            "press the key again to apply it."
        )
    return f"{head} Nothing of yours was written; press the key again if your change still holds."
