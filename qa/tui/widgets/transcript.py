"""The transcript: one line per segment, speaker-coloured and timed, evidence highlighted."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from qa.domain.scorecard import Evidence
from qa.domain.transcript import Segment, Transcript
from qa.tui.widgets.badges import SPEAKER_LABEL, SPEAKER_STYLE, clock

EVIDENCE_STYLE = "bold underline black on khaki1"


def segment_at(starts: list[float], seconds: float) -> int:
    """Index of the segment being spoken at `seconds` (the last one begun), or -1 before any."""
    return bisect_right(starts, seconds + 1e-6) - 1


def _overlaps(segment: Segment, evidence: Evidence) -> bool:
    return evidence.start < segment.end + 0.05 and evidence.end > segment.start - 0.05


def segment_text(segment: Segment, evidence: Iterable[Evidence]) -> Text:
    """A segment as a line: time, speaker, and words with the evidence quoted in it marked."""
    line = Text(f"{clock(segment.start):>5} ", style="dim")
    line.append(SPEAKER_LABEL[segment.speaker], style=SPEAKER_STYLE[segment.speaker])
    body = Text(" " + segment.text)
    lowered = body.plain.casefold()
    for found in evidence:
        if not _overlaps(segment, found):
            continue
        at = lowered.find(found.text.casefold()) if found.text else -1
        if at >= 0:
            body.stylize(EVIDENCE_STYLE, at, at + len(found.text))
        else:
            body.stylize("underline", 1)
    return line + body


class TranscriptView(OptionList):
    """A call's transcript; `follow(seconds)` highlights the line spoken at that time."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        self.segments: tuple[Segment, ...] = ()
        self._starts: list[float] = []

    def show(self, transcript: Transcript | None, evidence: Iterable[Evidence] = ()) -> None:
        """Fill the view with a transcript (or say there is none yet)."""
        self.clear_options()
        if transcript is None or not transcript.segments:
            self.segments, self._starts = (), []
            self.add_option(Option(Text("No transcript yet.", style="italic"), disabled=True))
            return
        marks = tuple(evidence)
        self.segments = transcript.segments
        self._starts = [s.start for s in self.segments]
        self.add_options(Option(segment_text(s, marks)) for s in self.segments)

    def follow(self, seconds: float) -> None:
        """Highlight the segment spoken at `seconds` and scroll it into view."""
        index = segment_at(self._starts, seconds)
        if index >= 0 and index != self.highlighted:
            self.highlighted = index
            self.scroll_to_highlight()
