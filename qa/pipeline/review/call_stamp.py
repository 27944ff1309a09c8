"""A call's review stamp: a cheap summary that changes whenever someone changes the call.

Screens poll it to reload a call that another person changed (a supervisor's verdict, a
comment, an agent's dispute or its outcome) without reading the whole call again.
"""

from __future__ import annotations

from qa.storage.store import Store

Stamp = tuple[object, ...]


def call_stamp(store: Store, call_id: int) -> Stamp:
    """Scorecard id, version and state, disputes with their status, and the number of comments."""
    card = store.reviewed_card(call_id)
    head: Stamp = (card.id, card.version, card.state.value) if card else (None,)
    disputes = tuple((d.id, d.status) for d in store.disputes(call_id))
    return (*head, disputes, len(store.comments(call_id)))
