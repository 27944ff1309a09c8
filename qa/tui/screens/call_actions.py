"""The call screen's database side: reading the call, and every change a supervisor makes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from textual import work
from textual.message import Message

from qa.domain.review.review import ReviewedCard, ReviewedItem
from qa.domain.scorecard import Verdict
from qa.errors import BadInputError, ConflictError, QaError
from qa.pipeline.disputes.disputes import overturned_verdict, resolve_in_review
from qa.pipeline.review.review import CallDetail, ReviewService
from qa.tui.hosts import review_app
from qa.tui.messages import CallLoaded, CardSaved, ChangeRefused, CommentsSaved
from qa.tui.screens.call_playback import PlaybackScreen
from qa.tui.screens.reason import TextPrompt
from qa.tui.widgets.scorecard import ScorecardView

# Someone else's change to the call on screen is a sentence to read, not a flash: it stays this
# long (a supervisor's own saves say "saved" for 3 s).
OTHERS_NOTE_SECONDS = 10.0


@dataclass
class NextCallChosen(Message):
    """The card was finalized; `call_id` is the next call of the queue to review (None: none)."""

    card: ReviewedCard
    call_id: int | None


@dataclass
class OthersOnCall(Message):
    """The lease was renewed; these other logins have the call open too."""

    logins: list[str]


def resolution_question(item: ReviewedItem, overturned: Verdict | None) -> tuple[str, str]:
    """The reason dialog's title and question for settling a disputed item (`overturned`: the
    verdict an overturn sets; None to uphold)."""
    label, verdict = item.result.label or item.result.item_id, item.result.verdict
    if overturned is not None:
        change = f"{verdict.value} → {overturned.value}"
        return f"Overturn {label}: {change}", "Why is the agent right? (they will read this)"
    return f"Uphold {label}: {verdict.value}", "Why does the verdict stand? (the agent reads this)"


class CallActions(PlaybackScreen):
    """Loads one call and writes the changes its keys ask for, each in a worker thread.

    Each write answers with a message (CardSaved, CommentsSaved, CallLoaded, ChangeRefused);
    the call screen shows what comes back.
    """

    def __init__(self, call_id: int) -> None:
        super().__init__()
        self.call_id = call_id
        self.detail: CallDetail | None = None
        self.drafts: dict[
            tuple[str, str], str
        ] = {}  # typed reasons not yet saved, by (item, verdict)
        self.conflict: ConflictError | None = None  # shown once the reload after it lands
        self._saving: tuple[str, str] | None = None  # the draft being written now
        self.others: list[str] = []  # other supervisors with this call open
        self._stamp: tuple[object, ...] | None = None  # the call as last seen by the poll

    def _show_card(self) -> None:
        """Show the call as `detail` now holds it (the screen draws it)."""

    @property
    def service(self) -> ReviewService:
        """The review service the app was given."""
        return review_app(self).service

    @work(thread=True, group="call")
    def load(self) -> None:
        """Read the call from the database (in a worker thread)."""
        try:
            self.post_message(CallLoaded(self.service.call_detail(self.call_id)))
        except QaError as error:
            self.post_message(ChangeRefused(error))

    @work(thread=True, group="poll", exclusive=True)
    def poll(self) -> None:
        """Reload when someone else changed the call; say who and what."""
        try:
            stamp = self.service.stamp(self.call_id)
            seen, self._stamp = self._stamp, stamp
            if seen is None or stamp == seen or self.detail is None:
                return
            card = self.detail.card
            theirs = self.service.changes_by_others(card) if card else []
            note = "; ".join(c.describe(card.titles() if card else None) for c in theirs)
            detail = self.service.call_detail(self.call_id)
        except QaError:
            return  # the next key or reload says what is wrong
        changed = f"Changed meanwhile: {note}." if note else ""
        self.post_message(CallLoaded(detail, changed, note_seconds=OTHERS_NOTE_SECONDS))

    @work(thread=True, group="lease", exclusive=True)
    def hold_lease(self) -> None:
        """Hold (renew) this reviewer's lease on the call; learn who else has it open."""
        try:
            self.post_message(OthersOnCall(self.service.open_call(self.call_id)))
        except QaError:
            return  # a lease is a courtesy: reviewing goes on without one

    def on_unmount(self) -> None:
        """Give the lease up when the call closes (else it lapses on its own)."""
        service, call_id = self.service, self.call_id
        self.app.run_worker(lambda: service.close_call(call_id), thread=True, group="lease")

    # Writes: each runs in a worker and answers with a message -------------------------------

    @work(thread=True, group="save")
    def _write(self, change: Callable[[], Message]) -> None:
        """Run one change against the database; its outcome (or refusal) comes back as a message."""
        try:
            self.post_message(change())
        except QaError as error:
            self.post_message(ChangeRefused(error))

    def _card_change(self, note: str, change: Callable[[], ReviewedCard]) -> None:
        self._write(lambda: CardSaved(change(), note))

    def on_card_saved(self, message: CardSaved) -> None:
        """Show the card as saved."""
        self._stamp = None  # our own change: the next poll takes the call as it is now
        if self._saving is not None:
            self.drafts.pop(self._saving, None)
            self._saving = None
        if self.detail is not None:
            self.detail = replace(self.detail, card=message.card)
            self._show_card()
        self.notify(message.note, timeout=3)

    def on_comments_saved(self, message: CommentsSaved) -> None:
        """Show the comments as saved."""
        self._stamp = None
        if self.detail is not None:
            self.detail = replace(self.detail, comments=message.comments)
            self._show_card()
        self.notify("Comment saved.", timeout=3)

    def on_change_refused(self, message: ChangeRefused) -> None:
        """Say why nothing was written; after a conflict, show the other person's change."""
        error = message.error
        if isinstance(error, ConflictError):
            self.conflict = error  # said with the reloaded card: who changed what, what now
            self.load()
            return
        self._saving = None
        self.notify(f"{error.message}\n{error.hint}".strip(), severity="error", timeout=10)

    def action_reload(self) -> None:
        """Read the call again (another supervisor or the agent may have changed it)."""
        self.load()

    def _ask(self, title: str, question: str, then: Callable[[str], None], value: str = "") -> None:
        """Ask for a required line of text; `then` gets it unless the dialog is cancelled."""

        def answered(text: str | None) -> None:
            if text:
                then(text)

        self.app.push_screen(TextPrompt(title, question, value=value), answered)

    def _item(self) -> ReviewedItem | None:
        item = self.query_one(ScorecardView).current_item()
        if item is None:
            self.notify("Highlight an item of the scorecard first.", severity="warning")
        return item

    # Review keys ------------------------------------------------------------------------------

    def action_verdict(self, value: str) -> None:
        """Set the highlighted item's verdict; an override asks for a reason."""
        item, verdict = self._item(), Verdict(value)
        if item is None or self.detail is None or (card := self.detail.card) is None:
            return
        item_id, title = item.result.item_id, item.result.label or item.result.item_id
        note = f"{title}: {value}, saved."

        draft = (item_id, value)

        def save(reason: str) -> None:
            self.drafts[draft], self._saving = reason, draft  # kept until it is written
            self._write(lambda: write(reason))

        def write(reason: str) -> CardSaved:
            saved = self.service.set_verdict(self.call_id, card, item_id, verdict, reason)
            if saved.version == card.version:  # the verdict it already had: nothing written
                return CardSaved(saved, self.service.unchanged(card, item_id, verdict))
            return CardSaved(saved, note)

        already = self.service.unchanged(card, item_id, verdict)  # no reason to ask for
        if already or not self.service.needs_reason(card, item_id, verdict):
            save("")
            return
        label = item.result.label or item_id
        question = f"Why is {label} {value}, not {item.auto_verdict.value}?"
        self._ask("Override the automatic verdict", question, save, self.drafts.get(draft, ""))

    def action_finalize_next(self) -> None:
        """Finalize, then open the next call of the queue waiting for review."""
        if self.detail is None or (card := self.detail.card) is None:
            return
        where, sort = review_app(self).queue_order()

        def finalize_then_next() -> NextCallChosen:
            saved = self.service.finalize(self.call_id, card)
            return NextCallChosen(saved, self.service.next_to_review(where, sort, self.call_id))

        self._write(finalize_then_next)

    def action_finalize(self) -> None:
        """Lock the scorecard with its recomputed score (every item must be decided)."""
        if self.detail is not None and (card := self.detail.card) is not None:
            self._write(lambda: self._finalized(card))

    def _finalized(self, card: ReviewedCard) -> CardSaved:
        saved = self.service.finalize(self.call_id, card)
        return CardSaved(saved, f"Final: score {saved.scorecard.score:g}.")

    def action_reopen(self) -> None:
        """Unlock a final scorecard (asks why)."""
        if self.detail is None or (card := self.detail.card) is None:
            return

        def reopen(reason: str) -> None:
            self._card_change(
                "Reopened for review.", lambda: self.service.reopen(self.call_id, card, reason)
            )

        self._ask("Reopen the scorecard", "Why reopen it?", reopen)

    def action_comment_item(self) -> None:
        """Comment on the highlighted item."""
        item = self._item()
        if item is not None:
            self._comment(item.result.item_id, f"Comment on {item.result.label}")

    def action_comment_call(self) -> None:
        """Comment on the whole call."""
        self._comment("", "Comment on the call")

    def _comment(self, item_id: str, title: str) -> None:
        def save(text: str) -> None:
            at = self.player.position if item_id else None
            self._write(
                lambda: CommentsSaved(self.service.comment(self.call_id, text, item_id, at))
            )

        self._ask(title, "Your comment:", save)

    def action_resolve(self, overturn: bool) -> None:
        """Uphold or overturn (pass↔fail) the highlighted item's open dispute, with a reason."""
        item = self._item()
        if item is None or self.detail is None:
            return
        item_id, title = item.result.item_id, item.result.label or item.result.item_id
        if self.detail.open_dispute(item_id) is None:
            self.notify(f"No open dispute of {title}; ⚑ marks disputed items.", severity="warning")
            return
        to = None  # upheld: the verdict stays
        if overturn:
            try:
                to = overturned_verdict(str(self.call_id), item_id, item.result.verdict)
            except BadInputError as refused:  # not pass or fail: the command line says which
                self.notify(f"{refused.message}\n{refused.hint}", severity="warning", timeout=10)
                return

        def settle(reason: str) -> None:
            note = f"Dispute of {title} {'overturned' if overturn else 'upheld'}."
            self._write(lambda: CallLoaded(self._resolved(item_id, overturn, reason), note))

        self._ask(*resolution_question(item, to), settle)

    def _resolved(self, item_id: str, overturn: bool, reason: str) -> CallDetail:
        return resolve_in_review(
            self.service, self.call_id, item_id, overturn=overturn, reason=reason
        )
