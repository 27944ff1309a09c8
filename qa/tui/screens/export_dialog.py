"""The export dialog: pick a format and a file, and export the queue's calls as `qa export` does."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from qa.domain.export_choices import FORMATS
from qa.errors import QaError
from qa.pipeline.export import ExportDone
from qa.pipeline.review import ReviewService
from qa.storage.queue import QueueFilter
from qa.tui.messages import ExportWritten, RequestRefused

KEYS_HINT = "←→ Enter format · Tab file · Enter exports · Esc cancel"


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
        return self.app.service  # type: ignore[attr-defined, no-any-return]

    def _default_path(self, fmt: str) -> str:
        try:
            return str(self.service.export_path(fmt))
        except QaError:
            return str(Path.cwd() / f"callqa-export.{fmt}")

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Label("Export the queue's calls", id="export-title")
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(fmt.upper(), value=fmt == self.format, name=fmt)
            yield Label("File:")
            yield Input(self._default_path(self.format), id="export-path")
            yield Label(KEYS_HINT, id="export-keys")

    @on(RadioSet.Changed, "#export-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        """A new format; the path follows it unless the supervisor typed their own."""
        chosen = event.pressed.name or FORMATS[0]
        path = self.query_one("#export-path", Input)
        if path.value == self._default_path(self.format):
            path.value = self._default_path(chosen)
        self.format = chosen

    @on(Input.Submitted, "#export-path")
    def _export_now(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        self.busy = True
        self._say(Text(f"Exporting {self.format.upper()}…", style="bold"))
        self.export(self.format, event.value)

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
        self.app.notify(f"Exported {done.calls} calls to {done.path}", title="Export", timeout=8)
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
