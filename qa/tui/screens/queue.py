"""The review queue: calls to review, a page at a time, filtered, sorted and searched."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from qa.errors import QaError
from qa.pipeline.review import QUERY_HELP, QueuePage, queue_filter
from qa.storage.queue import PAGE_SIZE, QueueFilter, QueueRow, QueueSort
from qa.tui.messages import QueuePageLoaded
from qa.tui.widgets.badges import STATUS_LABEL, clock, score_text
from qa.tui.widgets.keybar import KeyBar

COLUMNS = (  # (sort key, heading, width)
    ("date", "Date", 11),
    ("agent", "Agent", 10),
    ("queue", "Queue", 6),
    ("duration", "Dur", 5),
    ("auto_score", "Auto", 4),
    ("status", "Status", 9),
    ("uncertain", "Unc", 3),
    ("failed", "Fail", 4),
    ("auto_fail", "AF", 2),
)
STATUS_STYLE = {"new": "bold", "in_review": "yellow", "final": "green", "disputed": "bold red"}
LAST_ROW = -1  # keep_call value that puts the cursor on the last row
SEARCH_DELAY = 0.25  # seconds of no typing before the queue is searched again


def _count(value: int, style: str) -> Text:
    return Text(str(value) if value else "·", style=style if value else "dim", justify="right")


def queue_cells(row: QueueRow) -> tuple[object, ...]:
    """A queue row as the table's cells."""
    when = row.started_at.strftime("%m-%d %H:%M") if row.started_at else "–"
    return (
        when,
        row.agent_id,
        row.queue,
        Text(clock(row.duration), justify="right"),
        Text(score_text(row.auto_score), justify="right"),
        Text(STATUS_LABEL.get(row.status, row.status), style=STATUS_STYLE.get(row.status, "")),
        _count(row.uncertain, "bold yellow"),
        _count(row.failed, "red"),
        Text("AF", style="bold white on red") if row.auto_fail else "",
    )


class QueueScreen(Screen[None]):
    """The calls to review; Enter opens one."""

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("o", "sort_next", "Sort"),
        Binding("O", "sort_reverse", "Reverse"),
        Binding("g", "top", "Top", show=False),
        Binding("G", "bottom", "Bottom", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("t", "app.report", "Report", tooltip="Team report over the queue's filter"),
        Binding("x", "app.export", "Export", tooltip="Export the queue's calls to a file"),
        Binding("escape", "leave_search", "Table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.where = QueueFilter()
        self.sort = QueueSort()
        self.page = QueuePage((), 0, 0)
        self.loading = False
        self._search_timer: Timer | None = None
        self._ticket = 0

    def compose(self) -> ComposeResult:
        yield Static("Review queue", id="queue-title")
        yield Input(placeholder=f"/ search · {QUERY_HELP}", id="queue-search")
        yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="queue-status")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, heading, width in COLUMNS:
            table.add_column(heading, width=width, key=key)
        table.focus()
        self.load(0)

    def on_screen_resume(self) -> None:
        """Back from a call: its status and score may have changed."""
        if self.page.rows:
            self.load(self.page.offset, keep_call=self._current_call())

    def load(self, offset: int, keep_call: int | None = None, recount: bool = True) -> None:
        """Fetch one page; the cursor then goes to `keep_call`, else to the top."""
        self._ticket += 1
        total = None if recount else self.page.total
        self._fetch(self._ticket, self.where, self.sort, max(0, offset), keep_call, total)

    @work(thread=True, group="queue")
    def _fetch(
        self,
        ticket: int,
        where: QueueFilter,
        sort: QueueSort,
        offset: int,
        keep: int | None,
        total: int | None,
    ) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        page = service.queue(where, sort, offset, PAGE_SIZE, total=total)
        self.post_message(QueuePageLoaded(page, keep, ticket))

    def on_queue_page_loaded(self, message: QueuePageLoaded) -> None:
        """Show the page, keeping the cursor on the same call when it is still there."""
        if message.ticket != self._ticket:
            return  # a newer filter, sort or scroll has been asked for since
        table = self.query_one(DataTable)
        self.page = message.page
        table.clear()
        for row in message.page.rows:
            table.add_row(*queue_cells(row), key=str(row.call_id))
        ids = [r.call_id for r in message.page.rows]
        target = ids.index(message.keep_call) if message.keep_call in ids else 0
        if message.keep_call == LAST_ROW:
            target = len(ids) - 1
        if ids:
            table.move_cursor(row=min(max(target, 0), len(ids) - 1), animate=False)
        self.loading = False
        self._show_status()

    def _show_status(self, problem: str = "") -> None:
        page, sort = self.page, self.sort
        heading = next(h for k, h, _ in COLUMNS if k == sort.column)
        where = f"rows {page.offset + 1:,}–{page.offset + len(page.rows):,} of {page.total:,}"
        if not page.total:
            where = "no calls match"
        text = f"{where} · sorted by {heading} {'↓' if sort.descending else '↑'}"
        self.query_one("#queue-status", Static).update(
            Text(problem, style="bold red") if problem else text
        )
        self.query_one("#queue-title", Static).update(f"Review queue · {page.total:,} calls")

    def _current_call(self) -> int | None:
        table = self.query_one(DataTable)
        rows = self.page.rows
        return rows[table.cursor_row].call_id if 0 <= table.cursor_row < len(rows) else None

    @on(DataTable.RowHighlighted)
    def _scroll_window(self, event: DataTable.RowHighlighted) -> None:
        """Near either end of the loaded page, load the neighbouring rows around the cursor."""
        page, index = self.page, event.cursor_row
        if self.loading or not page.rows or index != self.query_one(DataTable).cursor_row:
            return  # stale: clearing the table for a new page moved the cursor to the top
        half = PAGE_SIZE // 2
        if index >= len(page.rows) - 1 and page.offset + len(page.rows) < page.total:
            self._shift(page.offset + half)
        elif index == 0 and page.offset > 0:
            self._shift(page.offset - half)

    def _shift(self, offset: int) -> None:
        self.loading = True
        self.load(offset, keep_call=self._current_call(), recount=False)

    @on(DataTable.RowSelected)
    def _open_call(self, event: DataTable.RowSelected) -> None:
        from qa.tui.screens.call import CallScreen

        if event.row_key.value is not None:
            self.app.push_screen(CallScreen(int(event.row_key.value)))

    @on(DataTable.HeaderSelected)
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        descending = not self.sort.descending if column == self.sort.column else False
        self._sort(QueueSort(column, descending))

    def _sort(self, sort: QueueSort) -> None:
        self.sort = sort
        self.load(0)

    def action_sort_next(self) -> None:
        """Sort by the next column."""
        keys = [k for k, _, _ in COLUMNS]
        self._sort(QueueSort(keys[(keys.index(self.sort.column) + 1) % len(keys)]))

    def action_sort_reverse(self) -> None:
        """Flip the sort order."""
        self._sort(QueueSort(self.sort.column, not self.sort.descending))

    def action_top(self) -> None:
        """Go to the first call of the queue."""
        self.loading = True
        self.load(0)

    def action_bottom(self) -> None:
        """Go to the last call of the queue."""
        self.loading = True
        self.load(max(0, self.page.total - PAGE_SIZE), keep_call=LAST_ROW)

    def action_reload(self) -> None:
        """Read the queue again (other supervisors may have changed it)."""
        self.load(self.page.offset, keep_call=self._current_call())

    def action_search(self) -> None:
        """Type to search and filter."""
        self.query_one("#queue-search", Input).focus()

    def action_leave_search(self) -> None:
        """Back to the table."""
        self.query_one(DataTable).focus()

    @on(Input.Changed, "#queue-search")
    def _search_later(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._apply(event.value))

    @on(Input.Submitted, "#queue-search")
    def _search_now(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        if self._apply(event.value):
            self.query_one(DataTable).focus()

    def _apply(self, text: str) -> bool:
        try:
            where = queue_filter(text)
        except QaError as error:
            self._show_status(error.message)
            return False
        if where != self.where:
            self.where = where
            self.load(0)
        return True
