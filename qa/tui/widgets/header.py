"""A call screen's header that fits its width: it drops detail before it cuts what matters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len
from textual.events import Resize
from textual.widgets import Static

SEP = " · "


@dataclass(frozen=True)
class HeaderText:
    """A header's wordings, richest first, each keeping the call id, score and status.

    `lead` and `tail` are notes (another supervisor here, how speakers were told apart) that
    share the line while it fits and otherwise take a second line of their own; only the first
    `inline` wordings may share it, so a note never costs the call its date (issue 16).
    """

    variants: tuple[str, ...]
    lead: tuple[str, ...] = ()
    tail: tuple[str, ...] = ()
    inline: int = 2


def fit_header(header: HeaderText, width: int) -> str:
    """The richest wording of `header` that fits `width` cells, on one line or two."""
    notes = (*header.lead, *header.tail)
    if width <= 0:  # not laid out yet
        return SEP.join((*header.lead, header.variants[0], *header.tail))
    for variant in header.variants[: header.inline] if notes else ():
        line = SEP.join((*header.lead, variant, *header.tail))
        if cell_len(line) <= width:
            return line
    first = next((v for v in header.variants if cell_len(v) <= width), header.variants[-1])
    return "\n".join([first, SEP.join(notes)] if notes else [first])


def date_wordings(started_at: datetime | None) -> tuple[str, str, str]:
    """When a call started, from "2026-11-20 09:14" down to "11-20 09:14" and "11-20"."""
    if started_at is None:
        return ("–", "–", "–")
    return (
        started_at.strftime("%Y-%m-%d %H:%M"),
        started_at.strftime("%m-%d %H:%M"),
        started_at.strftime("%m-%d"),
    )


def short_name(name: str) -> str:
    """ "Sarah Kim" as "S. Kim" for the narrowest header; one-word names stay whole."""
    words = name.split()
    return f"{words[0][0]}. {' '.join(words[1:])}" if len(words) > 1 else name


class CallHeader(Static):
    """The header line of a call screen, refitted to its width whenever that changes."""

    def __init__(self, text: str, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(text, id=id, markup=False)  # names and notes are plain text
        self.header: HeaderText | None = None
        self.shown = text

    def show(self, header: HeaderText) -> None:
        """Show `header` in the richest wording that fits."""
        self.header = header
        self._fit()

    def on_resize(self, event: Resize) -> None:
        """A new width may afford more (or less) detail."""
        if self.header is not None:
            self._fit()

    def _fit(self) -> None:
        assert self.header is not None
        text = fit_header(self.header, self.content_size.width)
        if text != self.shown:
            self.shown = text
            self.update(text)
