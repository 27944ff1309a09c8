"""The agent's own reviewed calls, newest first; Enter replays one."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from qa.domain.wording import plural
from qa.pipeline.review.records import AgentCall
from qa.tui.hosts import replay_app
from qa.tui.widgets.badges import STATUS_LABEL, clock, score_text
from qa.tui.widgets.keybar import KeyBar

COLUMNS = {"call": 10, "date": 16, "queue": 10, "length": 6, "score": 5, "result": 14, "status": 22}
# Fixed widths: columns sized from their headings alone cut "C-1001" to "C-10" (issue 16).


def call_cells(call: AgentCall) -> tuple[str, ...]:
    """One call as the list shows it."""
    when = call.started_at.strftime("%Y-%m-%d %H:%M") if call.started_at else "–"
    result = "pass" if call.passed else "below the mark"
    status = STATUS_LABEL.get(call.status, call.status)
    return (call.call_ref or f"#{call.call_id}", when, call.queue, clock(call.duration),
            score_text(call.score), result, status)  # fmt: skip


class AgentCallsScreen(Screen[None]):
    """Every reviewed call of the agent running the tool (and nobody else's)."""

    BINDINGS = [Binding("enter", "open", "Replay"), Binding("r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        yield Static("My reviewed calls", id="queue-title")
        yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="queue-status")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in COLUMNS.items():
            table.add_column(label, width=width)
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read the list again (a dispute may have been settled meanwhile)."""
        self._load()

    @work(thread=True, exclusive=True, group="calls")
    def _load(self) -> None:
        calls = replay_app(self).service.calls()
        self.app.call_from_thread(self._show, calls)

    def _show(self, calls: list[AgentCall]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for call in calls:
            table.add_row(*call_cells(call), key=str(call.call_id))
        status = "No reviewed calls yet."
        if calls:
            status = f"{plural(len(calls), 'call')} · Enter to replay"
        self.query_one("#queue-status", Static).update(status)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a row replays that call."""
        self._open(event.row_key.value)

    def action_open(self) -> None:
        """Replay the call under the cursor."""
        table = self.query_one(DataTable)
        if table.row_count:
            self._open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _open(self, key: str | None) -> None:
        from qa.tui.screens.agent_call import AgentCallScreen

        if key is not None:
            self.app.push_screen(AgentCallScreen(int(key)))
