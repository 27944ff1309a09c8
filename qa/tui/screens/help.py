"""The help screen: every key of every screen, and how to write a queue search."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from qa.pipeline.review.review import QUERY_HELP
from qa.tui.keys import APP_KEYS

KEY_NAMES = {"slash": "/", "space": "Space", "escape": "Esc", "question_mark": "?"}
KEY_NAMES |= {"left": "←", "right": "→", "enter": "Enter", "tab": "Tab", "shift+tab": "⇧Tab"}
KEY_NAMES |= {"left_square_bracket": "[", "right_square_bracket": "]", "down": "↓", "up": "↑"}


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
    from qa.tui.screens.call import CallScreen
    from qa.tui.screens.call_rescore import RescoreDecision
    from qa.tui.screens.call_speakers import SpeakerSwap
    from qa.tui.screens.queue import QueueScreen

    def keys(*found: object) -> list[Binding]:
        return [b for b in found if isinstance(b, Binding)]  # every BINDINGS here is a Binding

    return [
        key_table("Everywhere", keys(*APP_KEYS, Binding("tab", "", "Next pane"))),
        key_table("Queue", keys(Binding("enter", "", "Open the call"), *QueueScreen.BINDINGS)),
        Text(f"Search: {QUERY_HELP}", style="dim"),
        key_table(
            "Call", keys(*CallScreen.BINDINGS, *RescoreDecision.BINDINGS, *SpeakerSwap.BINDINGS)
        ),
    ]


def agent_help_sections() -> list[Table | Text]:
    """Keys of the agent app, of the agent's call list and of one call."""
    from qa.tui.screens.agent_call import AgentCallScreen
    from qa.tui.screens.agent_calls import AgentCallsScreen

    def keys(*found: object) -> list[Binding]:
        return [b for b in found if isinstance(b, Binding)]  # every BINDINGS here is a Binding

    listed = [b for b in keys(*AgentCallsScreen.BINDINGS) if b.key != "enter"]
    calls = [Binding("enter", "", "Replay the call"), *listed]
    call = keys(*AgentCallScreen.BINDINGS)
    order = Text(
        "Score yourself first (p/f/n on each item), then v shows the supervisor's verdicts "
        "beside yours; a shows you accept them, d disputes the highlighted item.",
        style="dim",
    )
    everywhere = key_table("Everywhere", keys(*APP_KEYS))
    return [everywhere, key_table("My calls", calls), key_table("Call", call), order]


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def __init__(self, title: str = "callqa review · keys", agent: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.agent = agent

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self.title_text, id="help-title")
            sections = agent_help_sections() if self.agent else help_sections()
            for section in sections:
                yield Static(section, classes="help-section")

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
