"""The review queue: calls to review, a page at a time, filtered, sorted and searched."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from qa.domain.wording import PROVISIONAL_MARK, PROVISIONAL_NOTE
from qa.errors import QaError
from qa.pipeline.review.records import PAGE_SIZE, QueueFilter, QueueRow, QueueSort
from qa.pipeline.review.review import QUERY_HELP, QueuePage, queue_filter
from qa.tui.hosts import review_app
from qa.tui.messages import QueuePageLoaded, QueueRefused
from qa.tui.widgets.badges import STATUS_LABEL, clock, score_text
from qa.tui.widgets.keybar import KeyBar
from qa.tui.widgets.queue_table import Cell, Column, QueueTable

COLUMNS = (  # keyed by what they sort by
    Column("call", "Call", 6),
    Column("date", "Date", 11),
    Column("agent", "Agent", 9),
    Column("queue", "Queue", 5),
    Column("duration", "Dur", 5, right=True),
    Column("score", "Score", 5, right=True),
    Column("status", "Status", 9),
    Column("uncertain", "Unc", 3, right=True),
    Column("pending", "Pend", 4, right=True),
    Column("failed", "Fail", 4, right=True),
)
NOT_SCORED = {False: "unsampled", True: "unscored"}  # by whether the call is in a sample
STATUS_STYLE = {"new": "bold", "in_review": "yellow", "final": "green", "disputed": "bold red"}
LAST_ROW = -1  # keep_call value that puts the cursor on the last row
AT_CURSOR = -2  # keep_call value: the call under the cursor when the rows arrive
FETCH_MARGIN = PAGE_SIZE // 4  # rows from an end of the loaded rows at which more are fetched
SEARCH_DELAY = 0.25  # seconds of no typing before the queue is searched again


def _count(value: int, style: str) -> Cell:
    return Cell(str(value), style) if value else Cell("·", "dim")


def _score(row: QueueRow) -> Cell:
    """The current score: a supervisor's final one, else the automatic one marked provisional;
    "AF" when a critical item failed."""
    if not row.scored:
        return Cell("–", "dim")
    if row.auto_fail:
        return Cell("AF", "bold white on red")
    if row.final:
        return Cell(score_text(row.score), "bold")
    return Cell(PROVISIONAL_MARK + score_text(row.score), "italic")


def _status(row: QueueRow) -> Cell:
    if not row.scored and row.status == "new":
        return Cell(NOT_SCORED[row.sampled], "dim")
    return Cell(STATUS_LABEL.get(row.status, row.status), STATUS_STYLE.get(row.status, ""))


def queue_cells(row: QueueRow) -> tuple[Cell, ...]:
    """A queue row as the table's cells."""
    when = row.started_at.strftime("%m-%d %H:%M") if row.started_at else "–"
    return (
        Cell(row.call_ref),
        Cell(when),
        Cell(row.agent_name or row.agent_id),
        Cell(row.queue),
        Cell(clock(row.duration)),
        _score(row),
        _status(row),
        _count(row.uncertain, "bold yellow"),
        _count(row.pending, "bold cyan"),
        _count(row.failed, "red"),
    )


def not_openable(row: QueueRow) -> str:
    """Why the call cannot be reviewed yet ("" when it can), with what to run."""
    if row.scored:
        return ""
    if not row.sampled:
        return (f"{row.call_ref} is not in a review sample, so it was not transcribed or "
                "scored: `qa sample draw` then `qa run`, or `qa run --all`.")  # fmt: skip
    return f"{row.call_ref} is not scored yet: `qa run` (or `qa transcribe` then `qa score`)."


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
        yield QueueTable(COLUMNS, id="queue-table")
        yield Static("", id="queue-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(QueueTable).focus()
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
        service = review_app(self).service
        try:
            page = service.queue(where, sort, offset, PAGE_SIZE, total=total)
        except QaError as error:  # an agent: naming nobody; the message lists who there is
            self.post_message(QueueRefused(f"{error.message} {error.hint}".strip(), ticket))
            return
        self.post_message(QueuePageLoaded(page, keep, ticket))

    def on_queue_refused(self, message: QueueRefused) -> None:
        """Say what is valid and hand the search box back; the last good filter's rows stay."""
        if message.ticket == self._ticket:
            self._show_status(message.problem)
            self.query_one("#queue-search", Input).focus()

    def on_queue_page_loaded(self, message: QueuePageLoaded) -> None:
        """Show the page, keeping the cursor on the same call when it is still there."""
        if message.ticket != self._ticket:
            return  # a newer filter, sort or scroll has been asked for since
        target = self._cursor_target(message)
        self.page = message.page
        self.query_one(QueueTable).show([queue_cells(r) for r in message.page.rows], target)
        self.loading = False
        self._show_status()
        if message.keep_call == AT_CURSOR:
            self._fetch_ahead()  # the cursor ran on while these rows were fetched

    def _cursor_target(self, message: QueuePageLoaded) -> int:
        """The row of the new page for the cursor: its call, else its place in the queue."""
        keep, page = message.keep_call, message.page
        if keep == AT_CURSOR:
            keep = self._current_call()
        ids = [r.call_id for r in page.rows]
        if keep in ids:
            return ids.index(keep)
        if keep == LAST_ROW:
            return len(ids) - 1
        if message.keep_call == AT_CURSOR:
            return self.page.offset + self.query_one(QueueTable).cursor_row - page.offset
        return 0

    def _show_status(self, problem: str = "") -> None:
        page, sort = self.page, self.sort
        heading = next(c.heading for c in COLUMNS if c.key == sort.column)
        where = f"rows {page.offset + 1:,}–{page.offset + len(page.rows):,} of {page.total:,}"
        if not page.total:
            where = "no calls match"
        text = f"{where} · sorted by {heading} {'↓' if sort.descending else '↑'}"
        if any(not r.final and r.scored for r in page.rows):
            text += f" · {PROVISIONAL_NOTE}"
        self.query_one("#queue-status", Static).update(
            Text(problem, style="bold red") if problem else text
        )
        calls = "call" if page.total == 1 else "calls"
        self.query_one("#queue-title", Static).update(f"Review queue · {page.total:,} {calls}")

    def _current_call(self) -> int | None:
        index, rows = self.query_one(QueueTable).cursor_row, self.page.rows
        return rows[index].call_id if 0 <= index < len(rows) else None

    @on(QueueTable.Highlighted)
    def _fetch_ahead(self) -> None:
        """Near either end of the loaded rows, fetch the rows around the cursor before it
        gets there, so that scrolling on does not wait for the database."""
        page, table = self.page, self.query_one(QueueTable)
        if self.loading or not page.rows:
            return
        index, margin = table.cursor_row, max(FETCH_MARGIN, table.page_height)
        near_end = index >= len(page.rows) - margin and page.offset + len(page.rows) < page.total
        if near_end or (index < margin and page.offset > 0):
            last = max(page.total - PAGE_SIZE, 0)
            offset = min(max(page.offset + index - PAGE_SIZE // 2, 0), last)
            if offset != page.offset:
                self.loading = True
                self.call_after_refresh(self._load_ahead, self._ticket, offset)

    def _load_ahead(self, ticket: int, offset: int) -> None:
        """Started once the scroll is drawn (the query's thread competes for the GIL), unless
        another page has been asked for since."""
        if ticket == self._ticket:
            self.load(offset, keep_call=AT_CURSOR, recount=False)

    @on(QueueTable.Selected)
    def _open_call(self, event: QueueTable.Selected) -> None:
        from qa.tui.screens.call import CallScreen

        if event.row >= len(self.page.rows):
            return
        row = self.page.rows[event.row]
        if problem := not_openable(row):
            self._show_status(problem)  # a call with no scorecard has nothing to review
            return
        self.app.push_screen(CallScreen(row.call_id))

    @on(QueueTable.HeadingSelected)
    def _sort_by_header(self, event: QueueTable.HeadingSelected) -> None:
        column = event.key
        descending = not self.sort.descending if column == self.sort.column else False
        self._sort(QueueSort(column, descending))

    def _sort(self, sort: QueueSort) -> None:
        self.sort = sort
        self.load(0)

    def action_sort_next(self) -> None:
        """Sort by the next column."""
        keys = [c.key for c in COLUMNS]
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
        self.query_one(QueueTable).focus()

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
            self.query_one(QueueTable).focus()

    def _apply(self, text: str) -> bool:
        try:
            where = queue_filter(text)
        except QaError as error:
            self._show_status(f"{error.message} {error.hint}".strip())
            return False
        if where != self.where:
            self.where = where
            self.load(0)
        return True
