"""The team report over the queue's filter: `qa report` by agent, by item, and weekly trends."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from qa.domain.reports.reporting import GroupFigures, ItemFigures
from qa.domain.wording import plural
from qa.errors import QaError
from qa.pipeline.reports.queue_reports import QueueReport
from qa.pipeline.review.records import QueueFilter
from qa.tui.hosts import review_app
from qa.tui.messages import ReportLoaded, RequestRefused
from qa.tui.widgets.keybar import KeyBar
from qa.tui.widgets.trend import AgentTrend

AGENT_COLUMNS = (
    ("Agent", 16), ("Calls", 5), ("Final", 5), ("Prov", 4), ("Mean", 5), ("Pass", 5), ("AF", 3),
    ("Offer", 5),
)  # fmt: skip
ITEM_COLUMNS = (("Item", 26), ("Section", 10), ("Pass", 5), ("Pass#", 5), ("Fail#", 5), ("N/A", 4))


def percent(share: float | None) -> str:
    """A share 0-1 as a whole percent, as `qa report` prints it; "-" when unknown."""
    return "-" if share is None else f"{share * 100:.0f}%"


def mean(value: float | None) -> str:
    """A mean score with one decimal, as `qa report` prints it; "-" when unknown."""
    return "-" if value is None else f"{value:.1f}"


def agent_cells(row: GroupFigures, goal: float) -> tuple[object, ...]:
    """An agent's row: calls, final and provisional ones, mean score, pass rate, auto-fails,
    offer rate (green at goal)."""
    meets = row.meets_goal(goal)
    offer_style = "" if meets is None else ("green" if meets else "bold red")
    return (
        row.label,
        Text(str(row.calls), justify="right"),
        Text(str(row.final_calls), justify="right"),
        Text(str(row.provisional_calls), justify="right", style="italic"),
        Text(mean(row.mean_score), justify="right"),
        Text(percent(row.pass_rate), justify="right"),
        Text(str(row.auto_fails), justify="right", style="red" if row.auto_fails else "dim"),
        Text(percent(row.offer_rate), justify="right", style=offer_style),
    )


def item_cells(row: ItemFigures) -> tuple[object, ...]:
    """An item's row: label, section, pass rate, passed, failed, not applicable."""
    counts = (row.passed, row.failed, row.not_applicable)
    return (
        row.label or row.item_id,
        row.section,
        Text(percent(row.pass_rate), justify="right"),
        *(Text(str(n), justify="right") for n in counts),
    )


class ReportScreen(Screen[None]):
    """Figures for a coaching meeting, over the calls the queue's filter selects; Esc goes back."""

    BINDINGS = [
        Binding("escape", "back", "Queue"),
        Binding("r", "reload", "Reload"),
        Binding("p", "provisional", "Provisional in/out", tooltip="Count unreviewed scores"),
    ]

    def __init__(self, where: QueueFilter) -> None:
        super().__init__()
        self.where = where
        self.report: QueueReport | None = None
        self.include_provisional = False

    def compose(self) -> ComposeResult:
        yield Static("Team report · loading…", id="report-title")
        with VerticalScroll(id="report-body"):
            yield Static("By agent", classes="report-heading")
            yield DataTable(id="report-agents", cursor_type="none", zebra_stripes=True)
            yield Static("", id="report-means")
            yield Static("Weekly mean score per agent (0–100)", classes="report-heading")
            yield Vertical(id="report-trends")
            yield Static("By item (worst first)", classes="report-heading")
            yield DataTable(id="report-items", cursor_type="none", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        for table_id, columns in (
            ("#report-agents", AGENT_COLUMNS),
            ("#report-items", ITEM_COLUMNS),
        ):
            table = self.query_one(table_id, DataTable)
            for heading, width in columns:
                table.add_column(heading, width=width)
        self.query_one("#report-body").focus()
        self.load()

    @work(thread=True, exclusive=True, group="report")
    def load(self) -> None:
        """Compute the report in a worker thread (it reads every scored call of the filter)."""
        service = review_app(self).service
        try:
            report = service.team_report(self.where, self.include_provisional)
            self.post_message(ReportLoaded(report))
        except QaError as error:
            self.post_message(RequestRefused(error))

    def on_report_loaded(self, message: ReportLoaded) -> None:
        """Fill the tables and the trends."""
        self.report = report = message.report
        goal = report.agents.offer_goal
        scored = report.agents
        counts = f"{plural(scored.calls, 'scored call')} ({scored.final} final, " \
            f"{scored.provisional} provisional)"  # fmt: skip
        title = f"Team report · {counts} · up-sell goal {percent(goal)}"
        self.query_one("#report-title", Static).update(title)
        toggle = "p leaves them out" if scored.include_provisional else "p counts them"
        means = scored.averaged_over().replace("(--include-provisional counts them)", "")
        means = means.rstrip(". ") + (f" · {toggle}" if scored.provisional else "")
        self.query_one("#report-means", Static).update(Text(means, style="italic"))
        agents = self.query_one("#report-agents", DataTable)
        agents.clear()
        for row in report.agents.groups:
            agents.add_row(*agent_cells(row, goal), key=row.key or "-")
        items = self.query_one("#report-items", DataTable)
        items.clear()
        for item in report.items.items:
            items.add_row(*item_cells(item), key=item.item_id)
        self._show_trends(report)

    def _show_trends(self, report: QueueReport) -> None:
        trends = self.query_one("#report-trends", Vertical)
        trends.remove_children()
        labels = {row.key: row.label for row in report.agents.groups}
        trends.mount_all(AgentTrend(labels[k], weeks) for k, weeks in report.trends.items())

    def on_request_refused(self, message: RequestRefused) -> None:
        """Say why there is no report."""
        error = message.error
        self.query_one("#report-title", Static).update(Text(error.message, style="bold red"))
        self.notify(error.hint or error.message, severity="error", timeout=6)

    def action_provisional(self) -> None:
        """Count scores not final yet in the means, or leave them out again."""
        self.include_provisional = not self.include_provisional
        self.load()

    def action_reload(self) -> None:
        """Compute the report again (reviews may have changed it)."""
        self.load()

    def action_back(self) -> None:
        """Back to the queue."""
        self.dismiss(None)
