"""The call screen's "swap speakers" key: for a mono call separated by voice, a supervisor says
the other voice is the agent; the swap is audited and the call scored again (issue 17)."""

from __future__ import annotations

from textual.binding import Binding

from qa.domain.speaker_trust import describe_separation
from qa.domain.transcript import Transcript
from qa.pipeline.access.identity import Identity
from qa.pipeline.review.review import CallDetail
from qa.pipeline.transcription.speakers import swap_speakers
from qa.tui.messages import CallLoaded
from qa.tui.screens.call_actions import CallActions


def separation_note(transcript: Transcript | None) -> str:
    """For the header of a call whose speakers were not told apart by channel: how they were."""
    separation = transcript.speakers if transcript is not None else None
    if separation is None or separation.method == "channels":
        return ""
    return describe_separation(separation)


class SpeakerSwap(CallActions):
    """Adds one key to the call screen: swap agent and customer, then show the rescored call."""

    BINDINGS = [
        Binding(
            "S",
            "swap_speakers",
            "Swap speakers",
            show=False,
            tooltip="Swap agent and customer (calls separated by voice)",
        ),
    ]

    def action_swap_speakers(self) -> None:
        """Swap the roles of the two voices (in a worker; the call comes back rescored)."""
        self._write(self._swapped)

    def _swapped(self) -> CallLoaded:
        service = self.service
        who = Identity(service.reviewer, service.role)
        done = swap_speakers(service.store, who, str(self.call_id))
        after = f"rescored: {done.scorecard.score:g}" if done.scorecard else done.kept
        note = f"Speakers swapped; {after}." if after else "Speakers swapped."
        detail: CallDetail = service.call_detail(self.call_id)
        return CallLoaded(detail, note)
