"""A modal dialog asking for one line of text: an override reason, a comment, a reopen reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class TextPrompt(ModalScreen[str | None]):
    """Asks a question; Enter answers (refused when empty and required), Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, question: str, *, required: bool = True, value: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.required = required
        self.value = value  # a draft kept from before (after a conflict, say)
        self._warned = False  # Esc over typed text asks once before discarding it

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Label(self.title_text, id="prompt-title")
            yield Label(self.question, id="prompt-question")
            yield Input(self.value, id="prompt-input")
            yield Label("Enter to save · Esc to cancel", id="prompt-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Answer with the text, unless an answer is required and none was given."""
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#prompt-keys", Label).update("[b red]A reason is required.[/]")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without an answer; typed text is discarded only on a second Esc."""
        typed = self.query_one(Input).value.strip()
        if typed and typed != self.value.strip() and not self._warned:
            self._warned = True
            self.query_one("#prompt-keys", Label).update(
                "[b yellow]Esc again discards what you typed[/] · Enter to save"
            )
            return
        self.dismiss(None)
