"""The export dialog: pick a format and a file, and export the queue's calls as `qa export` does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from qa.domain.export.choices import FORMATS
from qa.errors import QaError
from qa.pipeline.export.export import ExportDone
from qa.pipeline.review.records import QueueFilter
from qa.pipeline.review.review import ReviewService
from qa.tui.hosts import review_app
from qa.tui.messages import ExportWritten, RequestRefused

KEYS_HINT = "←→ format · Enter exports to the file below · Tab edits the file · Esc cancel"


class FormatChoice(RadioSet):
    """The formats; Enter picks the highlighted one and exports at once (Space only picks)."""

    BINDINGS = [Binding("enter", "export", "Export", show=False)]

    @dataclass
    class Picked(Message):
        """Enter on a format: export in it now."""

        format: str

    def action_export(self) -> None:
        """Pick the highlighted format and ask for the export."""
        index = self._selected if self._selected is not None else self.pressed_index
        buttons = list(self.query(RadioButton))
        if 0 <= index < len(buttons):
            buttons[index].value = True
            self.post_message(self.Picked(buttons[index].name or FORMATS[0]))


class ExportDialog(ModalScreen[ExportDone | None]):
    """Exports the calls the queue's filter selects; answers with what was written, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, where: QueueFilter) -> None:
        super().__init__()
        self.where = where
        self.format = FORMATS[0]
        self.busy = False

    @property
    def service(self) -> ReviewService:
        """The review service the app was given."""
        return review_app(self).service

    def _default_path(self, fmt: str) -> str:
        try:
            return str(self.service.export_path(fmt))
        except QaError:
            return str(Path.cwd() / f"callqa-export.{fmt}")

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Label("Export the queue's calls", id="export-title")
            with FormatChoice(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(fmt.upper(), value=fmt == self.format, name=fmt)
            yield Label("File:")
            yield Input(self._default_path(self.format), id="export-path")
            yield Label(KEYS_HINT, id="export-keys")

    @on(RadioSet.Changed, "#export-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        self._use_format(event.pressed.name or FORMATS[0])

    def _use_format(self, chosen: str) -> None:
        """A new format; the path follows it unless the supervisor typed their own."""
        path = self.query_one("#export-path", Input)
        if path.value == self._default_path(self.format):
            path.value = self._default_path(chosen)
        self.format = chosen

    @on(FormatChoice.Picked)
    def _export_in_format(self, event: FormatChoice.Picked) -> None:
        self._use_format(event.format)
        self._export_now(self.query_one("#export-path", Input).value)

    @on(Input.Submitted, "#export-path")
    def _export_to_path(self, event: Input.Submitted) -> None:
        self._export_now(event.value)

    def _export_now(self, out: str) -> None:
        if self.busy:
            return
        self.busy = True
        self._say(Text(f"Exporting {self.format.upper()}…", style="bold"))
        self.export(self.format, out)

    @work(thread=True, exclusive=True, group="export")
    def export(self, fmt: str, out: str) -> None:
        """Write the file in a worker thread with the CLI's export function."""
        try:
            self.post_message(ExportWritten(self.service.export(self.where, fmt, out)))
        except QaError as error:
            self.post_message(RequestRefused(error))

    def on_export_written(self, message: ExportWritten) -> None:
        """Say where the file is, and close."""
        done = message.done
        self.app.notify(done.summary(), title="Export", timeout=12)
        self.dismiss(done)

    def on_request_refused(self, message: RequestRefused) -> None:
        """Say what went wrong; the dialog stays open to fix the path or format."""
        self.busy = False
        error = message.error
        self._say(Text(error.message + (f" {error.hint}" if error.hint else ""), style="bold red"))

    def _say(self, text: Text) -> None:
        self.query_one("#export-keys", Label).update(text)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
