"""One call under review: transcript beside scorecard, timeline, and the keys of the review."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static

from qa.domain.review import CardState
from qa.pipeline.review import CallDetail
from qa.tui.messages import CallLoaded
from qa.tui.screens.call_speakers import SpeakerSwap, separation_line
from qa.tui.widgets.badges import STATUS_LABEL, clock
from qa.tui.widgets.keybar import KeyBar
from qa.tui.widgets.metrics import CallMetricsLine
from qa.tui.widgets.scorecard import ScorecardView
from qa.tui.widgets.timeline import Timeline
from qa.tui.widgets.transcript import TranscriptView


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
    if detail.open_disputes:
        status = f"{len(detail.open_disputes)} open dispute(s) · {status}"
    version = f" v{detail.card.version}" if detail.card else ""
    parts = (call.meta.call_id or f"#{call.id}", detail.agent_name, call.meta.queue, when, length)
    title = " · ".join([*(p for p in parts if p), _score_part(detail), status + version])
    return title + separation_line(detail.transcript)


class CallScreen(SpeakerSwap):
    """Review one call: set verdicts, comment, finalize, settle disputes; listen to the evidence."""

    BINDINGS = [
        Binding("p", "verdict('pass')", "Pass"),
        Binding("f", "verdict('fail')", "Fail"),
        Binding("n", "verdict('na')", "N/A"),
        Binding("c", "comment_item", "Comment"),
        Binding("C", "comment_call", "Call comment", show=False),
        Binding("F", "finalize", "Finalize"),
        Binding("R", "reopen", "Reopen", show=False),
        Binding("u", "resolve(False)", "Uphold", tooltip="Uphold a disputed verdict (asks why)"),
        Binding("o", "resolve(True)", "Overturn", tooltip="Overturn a disputed verdict (asks why)"),
        Binding("space", "play", "Play"),
        Binding("e", "jump", "Evidence"),
        Binding("left", "skip(-1)", "-5s", show=False),
        Binding("right", "skip(1)", "+5s", show=False),
        Binding("s", "speed", "Speed", show=False),
        Binding("escape", "back", "Queue"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Loading call…", id="call-title")
        yield CallMetricsLine(self.call_id, id="call-metrics")  # hidden until measured
        yield Timeline(id="timeline")
        with Horizontal(id="call-body"):
            yield TranscriptView(id="transcript")
            yield ScorecardView(id="scorecard")
        yield Static("", id="player-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ScorecardView).focus()
        self.start_playhead()
        self.load()

    def on_call_loaded(self, message: CallLoaded) -> None:
        """Show the call; the first time, start decoding its audio."""
        first = self.detail is None
        self.detail = detail = message.detail
        evidence = [e for i in detail.card.items for e in i.result.evidence] if detail.card else []
        self.query_one(TranscriptView).show(detail.transcript, evidence)
        self._show_card()
        if first:
            self.audio_note = detail.audio_note
            if detail.audio is not None:
                self.load_audio(detail.audio)
        if message.note:
            self.notify(message.note, timeout=3)

    def _show_card(self) -> None:
        assert self.detail is not None
        detail = self.detail
        self.query_one("#call-title", Static).update(call_title(detail))
        self.query_one(ScorecardView).show(detail.card, detail.comments, detail.disputes)
        duration = detail.call.audio.duration if detail.call.audio else 0.0
        self.query_one(Timeline).show(detail.transcript, detail.card, duration)
        self.refresh_bindings()  # uphold/overturn show only while a dispute is open
        self.tick()

    def cue_point(self) -> float | None:
        """A freshly decoded recording starts at the highlighted item's evidence."""
        item = self.query_one(ScorecardView).current_item()
        return item.result.evidence[0].start if item and item.result.evidence else None

    @on(OptionList.OptionHighlighted, "#scorecard")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        cue = self.cue_point()
        if cue is not None:
            self.go_to(cue)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Uphold and overturn are offered only while the call has a dispute to settle."""
        if action == "resolve":
            return self.detail is not None and bool(self.detail.open_disputes)
        return True

    def action_jump(self) -> None:
        """Go to the highlighted item's evidence and play from there."""
        item = self._item()
        if item is None:
            return
        if not item.result.evidence:
            self.notify("No evidence for this item.", severity="warning")
            return
        self.go_to(item.result.evidence[0].start)
        if not self.player.playing and not self.audio_note:
            self.player.play()
