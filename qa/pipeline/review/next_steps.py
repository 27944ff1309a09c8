"""Where a review goes next: the items that need a person, and the next call of the queue.

A review should not walk past passed items or back to the queue between calls: the call
screen jumps between the items listed here and, on finalizing, opens `next_to_review`.
"""

from __future__ import annotations

from qa.domain.review.review import CardState, ReviewedCard
from qa.domain.scorecard import Verdict, by_section
from qa.storage.agent_store import Dispute
from qa.storage.queue import PAGE_SIZE, QueueFilter, QueueSort
from qa.storage.store import Store

ATTENTION = (Verdict.FAIL, Verdict.UNCERTAIN, Verdict.PENDING)  # what a reviewer should look at
DONE = ("final",)  # queue statuses with nothing left to review


def attention_items(card: ReviewedCard | None, disputes: tuple[Dispute, ...] = ()) -> list[str]:
    """Ids of the items a reviewer should look at, failed, undecided or disputed, in the order the
    scorecard shows them (grouped by section), so `]` and `[` walk the screen both ways."""
    if card is None:
        return []
    disputed = {d.item_id for d in disputes if d.open}
    undecided = card.state != CardState.FINAL  # a final card's fails were seen and kept
    shown = [i for _, items in by_section(card.items, lambda i: i.result.section) for i in items]
    return [
        i.result.item_id
        for i in shown
        if i.result.item_id in disputed or (undecided and i.result.verdict in ATTENTION)
    ]


def next_to_review(store: Store, where: QueueFilter, sort: QueueSort, after: int) -> int | None:
    """The first scored, unfinished call after call `after` in the queue's order (None: none).

    Past the end of the queue it wraps round to the first such call.
    """
    offset, seen, first = 0, False, None
    while True:
        rows = store.queue_page(where, sort, offset, PAGE_SIZE)
        for row in rows:
            waiting = row.status not in DONE and row.auto_score is not None
            if waiting and row.call_id != after:
                if seen:
                    return row.call_id
                first = first or row.call_id
            seen = seen or row.call_id == after
        if len(rows) < PAGE_SIZE:
            return first  # nothing after it: wrap round to an earlier one
        offset += PAGE_SIZE
