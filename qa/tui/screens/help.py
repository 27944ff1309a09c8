"""The help screen: every key of every screen, and how to write a queue search."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from qa.pipeline.review import QUERY_HELP

KEY_NAMES = {"slash": "/", "space": "Space", "escape": "Esc", "question_mark": "?"}
KEY_NAMES |= {"left": "←", "right": "→", "enter": "Enter", "tab": "Tab"}


def key_table(title: str, bindings: list[Binding]) -> Table:
    """A two-column table of keys and what they do."""
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold cyan", width=8)
    table.add_column("does")
    for binding in bindings:
        does = binding.tooltip or binding.description  # the longer text where a key has one
        table.add_row(KEY_NAMES.get(binding.key, binding.key), does)
    return table


def help_sections() -> list[Table | Text]:
    """Keys of the app, the queue and the call screen, and the search syntax."""
    from qa.tui.app import ReviewApp
    from qa.tui.screens.call import CallScreen
    from qa.tui.screens.queue import QueueScreen

    def keys(*found: object) -> list[Binding]:
        return [b for b in found if isinstance(b, Binding)]  # every BINDINGS here is a Binding

    return [
        key_table("Everywhere", keys(*ReviewApp.BINDINGS, Binding("tab", "", "Next pane"))),
        key_table("Queue", keys(Binding("enter", "", "Open the call"), *QueueScreen.BINDINGS)),
        Text(f"Search: {QUERY_HELP}", style="dim"),
        key_table("Call", keys(*CallScreen.BINDINGS)),
    ]


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("callqa review · keys", id="help-title")
            for section in help_sections():
                yield Static(section, classes="help-section")

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
