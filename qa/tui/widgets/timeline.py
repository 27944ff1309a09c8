"""The timeline strip: speech and silence per channel, where items were found, the playhead."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from qa.domain.review.review import ReviewedCard
from qa.domain.scorecard import Verdict
from qa.domain.transcript import Transcript
from qa.tui.widgets.badges import SPEAKER_LABEL, SPEAKER_STYLE

MARK = {Verdict.PASS: ("✓", "green"), Verdict.FAIL: ("✗", "red"), Verdict.NA: ("·", "grey50")}
LABEL_WIDTH = 6


def speech_cells(spans: list[tuple[float, float]], duration: float, width: int) -> str:
    """One character per time slice: a block where there is speech, a dot where it is silent."""
    cells = ["·"] * width
    for start, end in spans:
        first = int(start / duration * width)
        last = max(first, min(width - 1, int(end / duration * width)))
        for i in range(max(first, 0), last + 1):
            cells[i] = "█"
    return "".join(cells)


class Timeline(Widget):
    """Speech per speaker over the call's length, item marks, and where playback is."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        self.transcript: Transcript | None = None
        self.card: ReviewedCard | None = None
        self.duration = 0.0
        self.playhead: float | None = None

    def show(
        self, transcript: Transcript | None, card: ReviewedCard | None, duration: float
    ) -> None:
        """Draw a call."""
        self.transcript, self.card = transcript, card
        self.duration = max(duration, transcript.last_speech if transcript else 0.0, 1.0)
        self.refresh()

    def move_playhead(self, seconds: float | None) -> None:
        """Mark where playback is (None hides the mark)."""
        if seconds != self.playhead:
            self.playhead = seconds
            self.refresh()

    def _cell(self, seconds: float, width: int) -> int:
        return min(width - 1, max(0, int(seconds / self.duration * width)))

    def _speaker_rows(self, width: int) -> list[Text]:
        segments = self.transcript.segments if self.transcript else ()
        speakers = [
            s for s in ("agent", "customer", "unknown") if any(g.speaker == s for g in segments)
        ]
        rows = []
        for speaker in speakers or ["agent", "customer"]:
            spans = [(g.start, g.end) for g in segments if g.speaker == speaker]
            row = Text(
                f"{SPEAKER_LABEL[speaker].strip().lower():<{LABEL_WIDTH}}",
                style=SPEAKER_STYLE[speaker],
            )
            row.append(speech_cells(spans, self.duration, width), style=SPEAKER_STYLE[speaker])
            rows.append(row)
        return rows[:2]

    def _marks_row(self, width: int) -> Text:
        cells: list[tuple[str, str]] = [(" ", "")] * width
        for item in self.card.items if self.card else ():
            for found in item.result.evidence[:1]:
                cells[self._cell(found.start, width)] = MARK.get(
                    item.result.verdict, ("?", "yellow")
                )
        if self.playhead is not None:
            cells[self._cell(self.playhead, width)] = ("▲", "bold white")
        row = Text(f"{'items':<{LABEL_WIDTH}}", style="dim")
        for char, style in cells:
            row.append(char, style=style)
        return row

    def render(self) -> Text:
        """Two speech rows and the marks row, as wide as the widget."""
        width = max(self.size.width - LABEL_WIDTH, 10)
        return Text("\n").join([*self._speaker_rows(width), self._marks_row(width)])
