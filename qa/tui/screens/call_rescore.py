"""The call screen's re-score decision: when a re-scored automatic version waits beside a
reviewed card, one line says what it would change; A takes it, K keeps the review (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from qa.errors import QaError
from qa.pipeline.access.permissions import allowed
from qa.pipeline.review.review import CallDetail
from qa.pipeline.scoring.rescore import PendingRescore
from qa.tui.messages import CallLoaded
from qa.tui.screens.call_actions import CallActions

DECISION = "review.rescore_decision"  # the permission table's name for both keys
ACTIONS = ("accept_rescore", "keep_review")


@dataclass
class RescoreWaiting(Message):
    """What waits for the reviewer's decision on this call (None: nothing)."""

    pending: PendingRescore | None


def rescore_line(pending: PendingRescore) -> str:
    """ "⟳ Re-score (Acme inbound 2026.1): greeting pass → uncertain · A take · K keep"."""
    changes = "; ".join(f"{c.item_id} {c.reviewed} → {c.automatic}" for c in pending.changes)
    what = f": {changes}" if changes else ": no verdict would change"
    return f"⟳ Re-score ({pending.rubric}){what} · A take · K keep"


def rescore_refusal(
    role: str, detail: CallDetail | None, pending: PendingRescore | None, action: str
) -> str:
    """Why A or K cannot apply now ("" when it can, and for every other key)."""
    if action not in ACTIONS:
        return ""
    if not allowed(role, DECISION):
        return "Only supervisors and admins decide on a re-scored version."
    if pending is None:
        return "No re-scored version waits for this call."
    if action == "accept_rescore" and detail is not None and detail.open_disputes:
        return "Settle the open disputes first (u/o), or K keeps the review."
    return ""


class RescoreDecision(CallActions):
    """Adds the re-score line and its two keys to the call screen."""

    BINDINGS = [
        Binding("A", "accept_rescore", "Take re-score",
                tooltip="Take the re-scored automatic verdicts (the card goes back in review)"),
        Binding("K", "keep_review", "Keep review",
                tooltip="Keep the review as it is; the re-scored version is set aside"),
    ]  # fmt: skip

    pending: PendingRescore | None = None

    @work(thread=True, group="rescore", exclusive=True)
    def check_rescore(self) -> None:
        """Ask whether a re-scored version waits (only a role that may decide asks)."""
        if not allowed(self.service.role, DECISION):
            return
        try:
            self.post_message(RescoreWaiting(self.service.pending_rescore(self.call_id)))
        except QaError:
            return  # the line stays as it was; the next load asks again

    def on_rescore_waiting(self, message: RescoreWaiting) -> None:
        """Show the line (or hide it) and the two keys with it."""
        self.pending = message.pending
        note = self.query_one("#rescore-note", Static)
        note.update(rescore_line(message.pending) if message.pending else "")
        note.display = message.pending is not None
        self.refresh_bindings()

    def action_accept_rescore(self) -> None:
        """Take the re-scored automatic verdicts into the review."""
        self._write(lambda: self._decided(accept=True))

    def action_keep_review(self) -> None:
        """Keep the review; the re-scored version is set aside (no reason needed)."""
        self._write(lambda: self._decided(accept=False))

    def _decided(self, accept: bool) -> CallLoaded:
        service = self.service
        if accept:
            card = service.accept_rescore(self.call_id)
            note = f"Re-score taken: score {card.scorecard.score:g}, in review again."
        else:
            service.keep_review(self.call_id)
            note = "Review kept; the re-scored version is set aside."
        return CallLoaded(service.call_detail(self.call_id), note)
