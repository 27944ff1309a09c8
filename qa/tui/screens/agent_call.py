"""One of the agent's calls: listen with the transcript following, score yourself, then answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import OptionList, Static

from qa.domain.scorecard import Verdict
from qa.domain.wording import score_text
from qa.errors import QaError
from qa.pipeline.disputes.replay import AgentReplayService, ReplayDetail
from qa.pipeline.disputes.replay_refusals import replay_refusal
from qa.tui.hosts import replay_app
from qa.tui.messages import ChangeRefused
from qa.tui.screens.agent_scorecard import AgentScorecardView
from qa.tui.screens.call_playback import POLL_SECONDS, PlaybackScreen
from qa.tui.screens.reason import TextPrompt
from qa.tui.widgets.badges import STATUS_LABEL, clock
from qa.tui.widgets.header import SEP, CallHeader, HeaderText, date_wordings
from qa.tui.widgets.keybar import KeyBar
from qa.tui.widgets.timeline import Timeline
from qa.tui.widgets.transcript import TranscriptView


@dataclass
class ReplayLoaded(Message):
    """The call came back from the database (after loading it or after a change)."""

    detail: ReplayDetail
    note: str = ""


def replay_title(detail: ReplayDetail) -> HeaderText:
    """The header: which call, when, how long, score (once revealed) and where it stands, from
    the full wording down to id, score and status; the hint to score first may take line two."""
    call = detail.call
    length = clock(call.audio.duration if call.audio else None)
    hint: tuple[str, ...] = ()
    if detail.revealed:
        card = detail.card.scorecard
        score = f"score {score_text(card.score, card.score_range, short=True)}"
    else:
        score, hint = "", ("score yourself first (p/f/n), then v shows the supervisor's verdicts",)
    status = STATUS_LABEL.get(call.status.value, call.status.value)
    status += " · acknowledged" if detail.acknowledged else ""
    call_id, queue = call.meta.call_id or f"#{call.id}", call.meta.queue
    full, day_time, day = date_wordings(call.meta.started_at)
    wordings = (
        (call_id, queue, full, length, score, status),
        (call_id, queue, day_time, length, score, status),
        (call_id, day_time, length, score, status),
        (call_id, day, length, score, status),
        (call_id, score, status),
    )
    return HeaderText(tuple(SEP.join(p for p in parts if p) for parts in wordings), tail=hint)


class AgentCallScreen(PlaybackScreen):
    """Replay one call; keys: play, seek by line, self-assess, reveal, acknowledge, dispute."""

    BINDINGS = [
        Binding("space", "play", "Play"),
        Binding("left", "skip(-1)", "-5s", show=False),
        Binding("right", "skip(1)", "+5s", show=False),
        Binding("s", "speed", "Speed"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
        Binding("p", "self_verdict('pass')", "I passed"),
        Binding("f", "self_verdict('fail')", "I failed"),
        Binding("n", "self_verdict('na')", "N/A", show=False),
        Binding("v", "reveal", "Verdicts"),
        Binding("a", "acknowledge", "Acknowledge"),
        Binding("d", "dispute", "Dispute"),
        Binding("r", "reload", "Reload", show=False),
        Binding("escape", "back", "My calls"),
    ]

    def __init__(self, call_id: int) -> None:
        super().__init__()
        self.call_id = call_id
        self.detail: ReplayDetail | None = None
        self._stamp: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield CallHeader("Loading call…", id="call-title")
        yield Timeline(id="timeline")
        with Horizontal(id="call-body"):
            yield TranscriptView(id="transcript")
            yield AgentScorecardView(id="scorecard")
        yield Static("", id="player-status")
        yield KeyBar()

    @property
    def service(self) -> AgentReplayService:
        """The agent replay service the app was given."""
        return replay_app(self).service

    def on_mount(self) -> None:
        self.query_one(AgentScorecardView).focus()  # the keys p f n d act on its items
        self.start_playhead()
        self._ask(lambda: self.service.detail(self.call_id))
        self.set_interval(POLL_SECONDS, self._poll)

    def action_reload(self) -> None:
        """Read the call again (a supervisor may have changed it)."""
        self._ask(lambda: self.service.detail(self.call_id), "Reloaded.")

    @work(thread=True, group="poll", exclusive=True)
    def _poll(self) -> None:
        """Reload when a supervisor changed the call (its stamp moved)."""
        try:
            stamp = self.service.stamp(self.call_id)
        except QaError:
            return  # the next read says what is wrong
        if self._stamp is not None and stamp != self._stamp:
            self.post_message(ReplayLoaded(self.service.detail(self.call_id), "Updated."))
        self._stamp = stamp

    @work(thread=True, group="replay")
    def _ask(self, call: Callable[[], ReplayDetail], note: str = "") -> None:
        """Run a service call in a worker; its answer (or refusal) comes back as a message."""
        try:
            self.post_message(ReplayLoaded(call(), note))
        except QaError as error:
            self.post_message(ChangeRefused(error))

    @on(OptionList.OptionHighlighted, "#scorecard")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()  # d hides on an item already disputed

    def on_replay_loaded(self, message: ReplayLoaded) -> None:
        """Show the call; the first time, start decoding its audio."""
        first = self.detail is None
        self._stamp = None  # the next poll takes this state as the one on screen
        self.detail = detail = message.detail
        evidence = [e for i in detail.card.items for e in i.result.evidence]
        self.query_one(TranscriptView).show(detail.transcript, evidence)
        self.query_one(CallHeader).show(replay_title(detail))
        self.query_one(AgentScorecardView).show(detail)
        duration = detail.call.audio.duration if detail.call.audio else 0.0
        timeline_card = detail.card if detail.revealed else None
        self.query_one(Timeline).show(detail.transcript, timeline_card, duration)
        if first:
            self.audio_note = detail.audio_note
            if detail.audio is not None:
                self.load_audio(detail.audio)
        if message.note:
            self.notify(message.note, timeout=3)
        self.tick()

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str:
        """Why a key cannot apply now: it is hidden and, when pressed, says so."""
        if action not in ("self_verdict", "reveal", "acknowledge", "dispute"):
            return ""
        item = self.query_one(AgentScorecardView).current_item()
        return replay_refusal(self.detail, action, item.result.item_id if item else None)

    def on_change_refused(self, message: ChangeRefused) -> None:
        """Say why nothing was written."""
        error = message.error
        self.notify(f"{error.message}\n{error.hint}".strip(), severity="error", timeout=10)

    # Playback ----------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#transcript")
    def _line_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a transcript line plays from there."""
        segments = self.query_one(TranscriptView).segments
        if 0 <= event.option_index < len(segments):
            self.player.seek(segments[event.option_index].start)
            self.tick()

    # Self-assessment, acknowledgement, disputes -------------------------------------------

    def _chosen_item(self) -> tuple[str, str] | None:
        """The highlighted item's rubric id and its title as the scorecard shows it."""
        item = self.query_one(AgentScorecardView).current_item()
        if item is None:
            self.notify("Highlight an item of the scorecard first (Tab).", severity="warning")
            return None
        return item.result.item_id, item.result.label or item.result.item_id

    def action_self_verdict(self, value: str) -> None:
        """Score the highlighted item yourself (before revealing the verdicts)."""
        chosen = self._chosen_item()
        if chosen is not None:
            (item_id, title), verdict = chosen, Verdict(value)
            self._ask(
                lambda: self.service.self_assess(self.call_id, item_id, verdict),
                f"Your verdict on {title}: {value}.",
            )

    def action_reveal(self) -> None:
        """Show the supervisor's verdicts beside yours."""
        self._ask(lambda: self.service.reveal(self.call_id))

    def action_acknowledge(self) -> None:
        """Accept the final scorecard."""
        self._ask(lambda: self.service.acknowledge(self.call_id), "Scorecard acknowledged.")

    def action_dispute(self) -> None:
        """Dispute the highlighted item (asks why)."""
        chosen = self._chosen_item()
        if chosen is None:
            return
        item_id, title = chosen

        def send(reason: str | None) -> None:
            if reason:
                self._ask(
                    lambda: self.service.dispute(self.call_id, item_id, reason),
                    f"Dispute of {title} sent to the supervisors.",
                )

        self.app.push_screen(TextPrompt(f"Dispute {title}", "What did the scoring miss?"), send)
