"""Playback on a call screen: decoding in a worker, the play/seek/speed keys, the playhead tick."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import Static

from qa.errors import QaError
from qa.pipeline.playback import SKIP_SECONDS, Player
from qa.tui.hosts import player_app
from qa.tui.messages import AudioLoaded
from qa.tui.screens.refusals import RefusingScreen
from qa.tui.widgets.badges import clock
from qa.tui.widgets.timeline import Timeline
from qa.tui.widgets.transcript import TranscriptView

TICK_SECONDS = 0.2  # how often the playhead and the spoken line are redrawn
POLL_SECONDS = 3.0  # how often a call screen looks for someone else's change to the call


class PlaybackScreen(RefusingScreen):
    """A screen that plays one call beside its transcript (#transcript), timeline and status.

    Subclasses list the keys in their BINDINGS (each screen orders its own footer) and may say
    where a freshly decoded recording should be cued (`cue_point`).
    """

    def __init__(self) -> None:
        super().__init__()
        self.audio_note = "Loading…"  # why the recording cannot be played ("" once it can)
        self._status = ""

    @property
    def player(self) -> Player:
        """The app's one audio player."""
        return player_app(self).player

    def start_playhead(self) -> None:
        """Redraw the playhead and the spoken line every tick from now on."""
        self.set_interval(TICK_SECONDS, self.tick)

    @work(thread=True, group="audio")
    def load_audio(self, path: Path) -> None:
        """Decode the recording (in a worker thread; it can take a second for a long call)."""
        try:
            self.player.load(path)
            self.post_message(AudioLoaded())
        except QaError as error:
            self.post_message(AudioLoaded(error.message))

    def on_audio_loaded(self, message: AudioLoaded) -> None:
        """Say whether the recording can be played; cue it where the screen wants it."""
        self.audio_note = message.problem
        cue = self.cue_point()
        if cue is not None:
            self.player.seek(cue)  # loading rewound it to 0:00
        self.tick()

    def cue_point(self) -> float | None:
        """Where a freshly loaded recording should start (None: at 0:00)."""
        return None

    def tick(self) -> None:
        """Move the playhead, follow the spoken line while playing, and update the status."""
        player = self.player
        if player.playing:
            self.query_one(TranscriptView).follow(player.position)
        self.query_one(Timeline).move_playhead(None if self.audio_note else player.position)
        state = "▶" if player.playing else "⏸"
        text = f"{state} {clock(player.position)} / {clock(player.duration)} · {player.speed:g}×"
        status = self.audio_note or f"{text}  {player.problem}".rstrip()
        if status != self._status:  # an update re-lays the screen out; most ticks change nothing
            self._status = status
            self.query_one("#player-status", Static).update(status)

    def go_to(self, seconds: float) -> None:
        """Show the line spoken at `seconds` and put the playhead there."""
        self.query_one(TranscriptView).follow(seconds)
        self.player.seek(seconds)
        self.tick()

    def action_play(self) -> None:
        """Play or pause."""
        if self.audio_note:
            self.notify(self.audio_note, severity="warning")
        elif not self.player.toggle() and self.player.problem:
            self.notify(self.player.problem, severity="warning")
        self.tick()

    def action_skip(self, direction: int) -> None:
        """Seek five seconds back or forward."""
        self.player.skip(direction * SKIP_SECONDS)
        self.query_one(TranscriptView).follow(self.player.position)
        self.tick()

    def action_speed(self) -> None:
        """Cycle the playback speed."""
        self.player.next_speed()
        self.tick()

    def action_back(self) -> None:
        """Stop playback and go back to the list the call was opened from."""
        self.player.pause()
        self.app.pop_screen()
