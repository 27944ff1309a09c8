"""One call under review: transcript beside scorecard, timeline, playback and verdict keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from qa.domain.review import CardState, ReviewedItem
from qa.domain.scorecard import Verdict
from qa.errors import ConflictError, QaError
from qa.pipeline.playback import SKIP_SECONDS
from qa.pipeline.review import CallDetail
from qa.tui.messages import AudioLoaded, CallLoaded, CardSaved, ChangeRefused, CommentsSaved
from qa.tui.screens.reason import TextPrompt
from qa.tui.widgets.badges import STATUS_LABEL, clock
from qa.tui.widgets.scorecard import ScorecardView
from qa.tui.widgets.timeline import Timeline
from qa.tui.widgets.transcript import TranscriptView

TICK_SECONDS = 0.2  # how often the playhead and the spoken line are redrawn


def _score_part(detail: CallDetail) -> str:
    card = detail.card
    if card is None:
        return "not scored"
    score = card.scorecard.score
    text = f"score {score:g}" + (f" (auto {card.auto_score:g})" if score != card.auto_score else "")
    return text + (" AUTO-FAIL" if card.scorecard.auto_fail else "")


def call_title(detail: CallDetail) -> str:
    """The call screen's top line: which call, whose, when, how long, score and status."""
    call = detail.call
    when = call.meta.started_at.strftime("%Y-%m-%d %H:%M") if call.meta.started_at else "–"
    length = clock(call.audio.duration if call.audio else None)
    status = STATUS_LABEL.get(call.status.value, call.status.value)
    if detail.card is not None and detail.card.state != CardState.AUTOMATIC:
        status = STATUS_LABEL[detail.card.state.value]  # fresher than the call row after a save
    version = f" v{detail.card.version}" if detail.card else ""
    parts = (call.meta.call_id or f"#{call.id}", detail.agent_name, call.meta.queue, when, length)
    return " · ".join([*(p for p in parts if p), _score_part(detail), status + version])


class CallScreen(Screen[None]):
    """Review one call: set verdicts, comment, finalize; listen where the evidence is."""

    BINDINGS = [
        Binding("p", "verdict('pass')", "Pass"),
        Binding("f", "verdict('fail')", "Fail"),
        Binding("n", "verdict('na')", "N/A"),
        Binding("c", "comment_item", "Comment"),
        Binding("C", "comment_call", "Call comment", show=False),
        Binding("F", "finalize", "Finalize"),
        Binding("R", "reopen", "Reopen", show=False),
        Binding("space", "play", "Play"),
        Binding("e", "jump", "Evidence"),
        Binding("left", "skip(-1)", "-5s", show=False),
        Binding("right", "skip(1)", "+5s", show=False),
        Binding("s", "speed", "Speed", show=False),
        Binding("escape", "back", "Queue"),
    ]

    def __init__(self, call_id: int) -> None:
        super().__init__()
        self.call_id = call_id
        self.detail: CallDetail | None = None
        self.audio_note = "Loading…"

    def compose(self) -> ComposeResult:
        yield Static("Loading call…", id="call-title")
        yield Timeline(id="timeline")
        with Horizontal(id="call-body"):
            yield TranscriptView(id="transcript")
            yield ScorecardView(id="scorecard")
        yield Static("", id="player-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ScorecardView).focus()
        self.set_interval(TICK_SECONDS, self._tick)
        self.load()

    @property
    def service(self):  # type: ignore[no-untyped-def]
        """The review service the app was given."""
        return self.app.service  # type: ignore[attr-defined]

    @property
    def player(self):  # type: ignore[no-untyped-def]
        """The app's one audio player."""
        return self.app.player  # type: ignore[attr-defined]

    @work(thread=True, group="call")
    def load(self) -> None:
        """Read the call from the database (in a worker thread)."""
        try:
            self.post_message(CallLoaded(self.service.call_detail(self.call_id)))
        except QaError as error:
            self.post_message(ChangeRefused(error))

    def on_call_loaded(self, message: CallLoaded) -> None:
        """Show the call; start decoding its audio."""
        first = self.detail is None
        self.detail = detail = message.detail
        evidence = [e for i in detail.card.items for e in i.result.evidence] if detail.card else []
        self.query_one(TranscriptView).show(detail.transcript, evidence)
        self._show_card()
        if first:
            self.audio_note = detail.audio_note
            if detail.audio is not None:
                self._load_audio(detail.audio)

    def _show_card(self) -> None:
        assert self.detail is not None
        detail = self.detail
        self.query_one("#call-title", Static).update(call_title(detail))
        self.query_one(ScorecardView).show(detail.card, detail.comments)
        duration = detail.call.audio.duration if detail.call.audio else 0.0
        self.query_one(Timeline).show(detail.transcript, detail.card, duration)
        self._tick()

    @work(thread=True, group="audio")
    def _load_audio(self, path: Path) -> None:
        try:
            self.player.load(path)
            self.post_message(AudioLoaded())
        except QaError as error:
            self.post_message(AudioLoaded(error.message))

    def on_audio_loaded(self, message: AudioLoaded) -> None:
        """Say whether the recording can be played; cue it at the highlighted item's evidence."""
        self.audio_note = message.problem
        item = self.query_one(ScorecardView).current_item()
        if item is not None and item.result.evidence:
            self.player.seek(item.result.evidence[0].start)  # loading rewound it to 0:00
        self._tick()

    def _tick(self) -> None:
        player = self.player
        position = player.position if not self.audio_note else None
        if player.playing and position is not None:
            self.query_one(TranscriptView).follow(position)
        self.query_one(Timeline).move_playhead(position)
        state = "▶" if player.playing else "⏸"
        text = f"{state} {clock(player.position)} / {clock(player.duration)} · {player.speed:g}×"
        note = self.audio_note or player.problem
        self.query_one("#player-status", Static).update(
            note if self.audio_note else f"{text}  {note}".rstrip()
        )

    @on(OptionList.OptionHighlighted, "#scorecard")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = self.query_one(ScorecardView).current_item()
        if item is not None and item.result.evidence:
            self._go_to(item.result.evidence[0].start)

    def _go_to(self, seconds: float) -> None:
        self.query_one(TranscriptView).follow(seconds)
        self.player.seek(seconds)
        self._tick()

    # Review actions -------------------------------------------------------------------

    def _item(self) -> ReviewedItem | None:
        item = self.query_one(ScorecardView).current_item()
        if item is None:
            self.notify("Highlight an item of the scorecard first.", severity="warning")
        return item

    def action_verdict(self, value: str) -> None:
        """Set the highlighted item's verdict; an override asks for a reason."""
        item, verdict = self._item(), Verdict(value)
        if item is None or self.detail is None or self.detail.card is None:
            return
        card = self.detail.card
        if not self.service.needs_reason(card, item.result.item_id, verdict):
            self._save_verdict(item.result.item_id, verdict, "")
            return
        label = item.result.label or item.result.item_id
        question = f"Why is {label} {verdict.value}, not {item.auto_verdict.value}?"

        def save(reason: str | None) -> None:
            if reason:
                self._save_verdict(item.result.item_id, verdict, reason)

        self.app.push_screen(TextPrompt("Override the automatic verdict", question), save)

    @work(thread=True, group="save")
    def _save_verdict(self, item_id: str, verdict: Verdict, reason: str) -> None:
        assert self.detail is not None and self.detail.card is not None
        try:
            card = self.service.set_verdict(
                self.call_id, self.detail.card, item_id, verdict, reason
            )
            self.post_message(CardSaved(card, f"{item_id}: {verdict.value}, saved."))
        except QaError as error:
            self.post_message(ChangeRefused(error))

    def action_finalize(self) -> None:
        """Lock the scorecard with its recomputed score (every item must be decided)."""
        if self.detail is not None and self.detail.card is not None:
            self._finalize()

    @work(thread=True, group="save")
    def _finalize(self) -> None:
        assert self.detail is not None and self.detail.card is not None
        try:
            card = self.service.finalize(self.call_id, self.detail.card)
            self.post_message(CardSaved(card, f"Final: score {card.scorecard.score:g}."))
        except QaError as error:
            self.post_message(ChangeRefused(error))

    def action_reopen(self) -> None:
        """Unlock a final scorecard (asks why)."""
        if self.detail is None or self.detail.card is None:
            return

        def reopen(reason: str | None) -> None:
            if reason:
                self._reopen(reason)

        self.app.push_screen(TextPrompt("Reopen the scorecard", "Why reopen it?"), reopen)

    @work(thread=True, group="save")
    def _reopen(self, reason: str) -> None:
        assert self.detail is not None and self.detail.card is not None
        try:
            card = self.service.reopen(self.call_id, self.detail.card, reason)
            self.post_message(CardSaved(card, "Reopened for review."))
        except QaError as error:
            self.post_message(ChangeRefused(error))

    def on_card_saved(self, message: CardSaved) -> None:
        """Show the card as saved."""
        if self.detail is not None:
            self.detail = replace(self.detail, card=message.card)
            self._show_card()
        self.notify(message.note, timeout=3)

    def on_change_refused(self, message: ChangeRefused) -> None:
        """Say why nothing was written; after a conflict, show the other person's change."""
        error = message.error
        text = f"{error.message}\n{error.hint}".strip()
        self.notify(text, severity="error", timeout=10)
        if isinstance(error, ConflictError):
            self.load()

    def action_comment_item(self) -> None:
        """Comment on the highlighted item."""
        item = self._item()
        if item is not None:
            self._ask_comment(item.result.item_id, f"Comment on {item.result.label}")

    def action_comment_call(self) -> None:
        """Comment on the whole call."""
        self._ask_comment("", "Comment on the call")

    def _ask_comment(self, item_id: str, title: str) -> None:
        def save(text: str | None) -> None:
            if text:
                self._save_comment(item_id, text)

        self.app.push_screen(TextPrompt(title, "Your comment:"), save)

    @work(thread=True, group="save")
    def _save_comment(self, item_id: str, text: str) -> None:
        try:
            at = self.player.position if item_id else None
            self.post_message(CommentsSaved(self.service.comment(self.call_id, text, item_id, at)))
        except QaError as error:
            self.post_message(ChangeRefused(error))

    def on_comments_saved(self, message: CommentsSaved) -> None:
        """Show the comments as saved."""
        if self.detail is not None:
            self.detail = replace(self.detail, comments=message.comments)
            self._show_card()
        self.notify("Comment saved.", timeout=3)

    # Playback --------------------------------------------------------------------------

    def action_play(self) -> None:
        """Play or pause."""
        if self.audio_note:
            self.notify(self.audio_note, severity="warning")
        elif not self.player.toggle() and self.player.problem:
            self.notify(self.player.problem, severity="warning")
        self._tick()

    def action_skip(self, direction: int) -> None:
        """Seek five seconds back or forward."""
        self.player.skip(direction * SKIP_SECONDS)
        self.query_one(TranscriptView).follow(self.player.position)
        self._tick()

    def action_jump(self) -> None:
        """Go to the highlighted item's evidence and play from there."""
        item = self._item()
        if item is None:
            return
        if not item.result.evidence:
            self.notify("No evidence for this item.", severity="warning")
            return
        self._go_to(item.result.evidence[0].start)
        if not self.player.playing and not self.audio_note:
            self.player.play()

    def action_speed(self) -> None:
        """Cycle the playback speed."""
        self.player.next_speed()
        self._tick()

    def action_back(self) -> None:
        """Stop playback and return to the queue."""
        self.player.pause()
        self.app.pop_screen()
