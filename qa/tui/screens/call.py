"""One call under review: transcript beside scorecard, timeline, and the keys of the review."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static

from qa.domain.review.review import CardState
from qa.domain.wording import plural, score_text
from qa.pipeline.review.conflicts import conflict_note
from qa.pipeline.review.leases import LEASE_RENEW_SECONDS
from qa.pipeline.review.next_steps import attention_items
from qa.pipeline.review.refusals import call_refusal
from qa.pipeline.review.review import CallDetail
from qa.tui.messages import CallLoaded
from qa.tui.screens.call_actions import NextCallChosen, OthersOnCall
from qa.tui.screens.call_playback import POLL_SECONDS
from qa.tui.screens.call_rescore import RescoreDecision, rescore_refusal
from qa.tui.screens.call_speakers import SpeakerSwap, separation_note
from qa.tui.widgets.badges import STATUS_LABEL, clock
from qa.tui.widgets.header import SEP, CallHeader, HeaderText, date_wordings, short_name
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
    text = f"score {score_text(score, card.scorecard.score_range, short=True)}"
    text += f", auto {card.auto_score:g}" if score != card.auto_score else ""
    return text + (" AUTO-FAIL" if card.scorecard.auto_fail else "")


def call_title(detail: CallDetail, others: tuple[str, ...] = ()) -> HeaderText:
    """The call screen's header: which call, whose, when, how long, score and status, from the
    full wording down to id, agent, score and status; notes go to a second line if need be."""
    call = detail.call
    length = clock(call.audio.duration if call.audio else None)
    status = STATUS_LABEL.get(call.status.value, call.status.value)
    if detail.card is not None and detail.card.state != CardState.AUTOMATIC:
        status = STATUS_LABEL[detail.card.state.value]  # fresher than the call row after a save
    if detail.open_disputes:
        status = f"{plural(len(detail.open_disputes), 'open dispute')} · {status}"
    version = f" v{detail.card.version}" if detail.card else ""
    call_id, agent, queue = call.meta.call_id or f"#{call.id}", detail.agent_name, call.meta.queue
    full, day_time, day = date_wordings(call.meta.started_at)
    end = (_score_part(detail), status + version)
    wordings = (
        (call_id, agent, queue, full, length, *end),
        (call_id, agent, queue, day_time, length, *end),
        (call_id, agent, day_time, length, *end),
        (call_id, agent, day, length, *end),
        (call_id, agent, *end),
        (call_id, short_name(agent) if agent else "", *end),
    )
    lead = (f"⚠ {' and '.join(others)} also on this call",) if others else ()
    note = separation_note(detail.transcript)
    return HeaderText(
        tuple(SEP.join(p for p in parts if p) for parts in wordings),
        lead=lead,
        tail=(note,) if note else (),
    )


class CallScreen(SpeakerSwap, RescoreDecision):
    """Review one call: set verdicts, comment, finalize, settle disputes; listen to the evidence."""

    BINDINGS = [
        Binding("right_square_bracket", "attention(1)", "Next to check", key_display="]",
                tooltip="Next item to check (failed, uncertain, to do, disputed); cues evidence"),
        Binding("left_square_bracket", "attention(-1)", "Previous to check", key_display="[",
                show=False),
        Binding("p", "verdict('pass')", "Pass"),
        Binding("f", "verdict('fail')", "Fail"),
        Binding("n", "verdict('na')", "N/A"),
        Binding("N", "finalize_next", "Final+next",
                tooltip="Finalize, then open the next call of the queue that waits for review"),
        Binding("F", "finalize", "Finalize", show=False),
        Binding("R", "reopen", "Reopen"),
        Binding("c", "comment_item", "Comment"),
        Binding("C", "comment_call", "Call comment", show=False),
        Binding("u", "resolve(False)", "Uphold", tooltip="Uphold a disputed verdict (asks why)"),
        Binding("o", "resolve(True)", "Overturn", tooltip="Overturn a disputed verdict (asks why)"),
        Binding("space", "play", "Play"),
        Binding("e", "jump", "Evidence"),
        Binding("left", "skip(-1)", "-5s", show=False),
        Binding("right", "skip(1)", "+5s", show=False),
        Binding("s", "speed", "Speed", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("escape", "back", "Queue"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield CallHeader("Loading call…", id="call-title")
        yield Static("", id="rescore-note")  # shown while a re-scored version waits
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
        self.hold_lease()
        self.set_interval(LEASE_RENEW_SECONDS, self.hold_lease)
        self.set_interval(POLL_SECONDS, self.poll)

    def on_others_on_call(self, message: OthersOnCall) -> None:
        """Say on the title line who else has this call open."""
        if message.logins != self.others:
            self.others = message.logins
            if self.detail is not None:
                self._show_card()

    def on_call_loaded(self, message: CallLoaded) -> None:
        """Show the call; the first time, start decoding its audio."""
        first = self.detail is None
        self.detail = detail = message.detail
        self.check_rescore()
        evidence = [e for i in detail.card.items for e in i.result.evidence] if detail.card else []
        self.query_one(TranscriptView).show(detail.transcript, evidence)
        self._show_card()
        if first and (todo := attention_items(detail.card, detail.disputes)):
            self.query_one(ScorecardView).highlight_item(todo[0])
        if first:
            self.audio_note = detail.audio_note
            if detail.audio is not None:
                self.load_audio(detail.audio)
        if message.note:
            self.notify(message.note, timeout=message.note_seconds)
        if self.conflict is not None:
            kept = f"{self._saving[1]} on {self._saving[0]}" if self._saving else ""
            note = conflict_note(self.conflict, detail.card, kept if self.drafts else "")
            self.conflict, self._saving = None, None
            self.notify(note, severity="warning", timeout=12)

    def _show_card(self) -> None:
        assert self.detail is not None
        detail = self.detail
        self.query_one(CallHeader).show(call_title(detail, tuple(self.others)))
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

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str:
        """Why a key cannot apply to the call as it stands: it is hidden and says so if pressed."""
        waiting = rescore_refusal(self.service.role, self.detail, self.pending, action)
        return waiting or call_refusal(self.detail, action)

    def action_attention(self, step: int) -> None:
        """Highlight the next (or previous) item to check; the playhead goes to its evidence."""
        assert self.detail is not None  # refusal() holds the key until the call has loaded
        view = self.query_one(ScorecardView)
        places = [
            view.get_option_index(i)
            for i in attention_items(self.detail.card, self.detail.disputes)
        ]
        here = view.highlighted if view.highlighted is not None else -1
        ahead = [p for p in places if (p - here) * step > 0]
        view.highlighted = (
            min(ahead, key=lambda p: abs(p - here)) if ahead else places[0 if step > 0 else -1]
        )  # wrap round
        view.scroll_to_highlight()

    def on_next_call_chosen(self, message: NextCallChosen) -> None:
        """After finalizing: open the next call waiting for review, else go back to the queue."""
        note = f"Final: score {message.card.scorecard.score:g}."
        self.player.pause()
        if message.call_id is None:
            self.app.pop_screen()
            self.app.notify(f"{note} No other call of the queue waits for review.", timeout=5)
        else:
            self.app.notify(note, timeout=3)
            self.app.switch_screen(CallScreen(message.call_id))

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
