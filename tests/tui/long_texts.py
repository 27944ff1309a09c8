"""C-1001 with long texts people wrote: an override reason, comments and an agent's dispute."""

from __future__ import annotations

from pathlib import Path

from qa.domain.scorecard import Verdict
from qa.pipeline.access.identity import Identity
from qa.pipeline.disputes import disputes
from qa.storage.store import Store
from tests.tui.data import fill

# Each text ends in a word found nowhere else, so a test can tell its last line is on screen.
REASON = (
    "Overridden after listening twice: the agent asked whether there was anything else she "
    "could help with at 0:10, under the customer's goodbye, and the recogniser dropped half "
    "of it, so the closing was in fact done properly reasontail"
)
COMMENT = (
    "Good recovery after the customer talked over the closing; next time pause for a beat "
    "so the question is heard and the recording catches it clearly commenttail"
)
CALL_NOTE = (
    "Overall a warm call. Share this one in Friday's coaching as an example of a calm "
    "upgrade conversation, and of why the closing line deserves a clear pause calltail"
)
DISPUTE = (
    "I did say my name at the start, it is just that the line was noisy and I spoke "
    "quickly; please listen again from the first second of the call disputetail"
)
TAILS = ("reasontail", "commenttail", "disputetail", "calltail")


def fill_long_texts(store: Store, folder: Path) -> dict[str, int]:
    """The fixed calls; C-1001 reviewed, final, with long texts and Sarah's open dispute."""
    ids = fill(store, folder)
    call = ids["C-1001"]
    card = store.reviewed_card(call)
    assert card is not None
    version = card.version
    changes = {"disclosure": "", "closing": REASON, "demeanor": ""}
    for item_id, reason in changes.items():
        version = store.set_item_verdict(
            card.id, item_id, Verdict.PASS, expected_version=version, actor="maria", reason=reason
        )
    store.finalize_card(card.id, expected_version=version, actor="maria")
    store.add_comment(call, "maria", COMMENT, item_id="closing")
    store.add_comment(call, "maria", CALL_NOTE)
    sarah = Identity("sarah", "agent", "sarah.k")
    disputes.dispute_item(store, sarah, "C-1001", "greeting", DISPUTE)
    return ids
