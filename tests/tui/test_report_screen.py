"""The team report screen: `t` on the queue shows the figures `qa report` computes."""

from __future__ import annotations

from pathlib import Path

import miniaudio
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from qa.domain.export.records import ExportFilter
from qa.pipeline.export.export import offer_goal
from qa.pipeline.export.filters import export_filter
from qa.pipeline.playback import Player
from qa.pipeline.reports.report import team_report
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from qa.tui.app import ReviewApp, create_app
from qa.tui.screens.queue import QueueScreen
from qa.tui.screens.report import ReportScreen, agent_cells, item_cells
from qa.tui.widgets.trend import AgentTrend, spark
from qa.workspace import Workspace
from tests.tui.data import fill
from tests.tui.pilot import drive, settle

SETTINGS = {"access": {"supervisors": ["maria"]}, "report": {"offer_goal": 0.8}}


def review_workspace(root: Path) -> Workspace:
    """A workspace in which maria is a supervisor (agents come from the store)."""
    return Workspace(root, dict(SETTINGS))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return review_workspace(tmp_path)


@pytest.fixture
def report_app(store: Store, ws: Workspace, tmp_path: Path) -> ReviewApp:
    fill(store, tmp_path)
    service = ReviewService(store, "maria", ws)
    return create_app(service, Player(backends=[miniaudio.Backend.NULL]))


def _rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def _shown(cells: tuple[object, ...]) -> list[str]:
    return [str(c) for c in cells]


async def _open_report(pilot: Pilot[None]) -> ReportScreen:
    await pilot.press("t")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen)
    return screen


def test_report_shows_the_figures_of_qa_report(
    report_app: ReviewApp, store: Store, ws: Workspace
) -> None:
    where = export_filter(ws, store, "maria")
    by_agent = team_report(store, where, "agent", offer_goal(ws))
    by_item = team_report(store, where, "item", offer_goal(ws))
    assert by_agent.groups and by_item.items  # the fixed calls give something to compare

    async def flow(pilot: Pilot[None]) -> None:
        screen = await _open_report(pilot)
        agents = _rows(screen.query_one("#report-agents", DataTable))
        assert agents == [_shown(agent_cells(r, 0.8)) for r in by_agent.groups]
        assert [row[0] for row in agents] == ["Sarah Kim", "Tom Berg"]
        items = _rows(screen.query_one("#report-items", DataTable))
        assert items == [_shown(item_cells(r)) for r in by_item.items]
        assert items[0][2] == "50%"  # worst first: closing failed on C-1001, passed on C-1002
        title = str(screen.query_one("#report-title", Static).render())
        assert f"{by_agent.calls} scored calls (0 final, 2 provisional)" in title
        assert "goal 80%" in title
        means = str(screen.query_one("#report-means", Static).render())
        assert "Means over 0 final scorecards; 2 provisional ones left out" in means
        trends = list(screen.query(AgentTrend))
        assert [t.label for t in trends] == ["Sarah Kim", "Tom Berg"]
        assert trends[0].bars == ""  # no final score yet: nothing to draw
        await pilot.press("p")  # count the provisional scores too
        await settle(pilot)
        wide = team_report(store, where, "agent", offer_goal(ws), include_provisional=True)
        agents = _rows(screen.query_one("#report-agents", DataTable))
        assert agents == [_shown(agent_cells(r, 0.8)) for r in wide.groups]
        sarah = team_report(store, ExportFilter(agent="sarah.k"), "week", 0.8, True)
        trends = list(screen.query(AgentTrend))
        assert trends[0].bars == spark([g.mean_score or 0.0 for g in sarah.groups])
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)

    drive(report_app, flow)


def test_report_follows_the_queue_filter(report_app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"agent:tom.b", "enter")
        await settle(pilot)
        screen = await _open_report(pilot)
        agents = _rows(screen.query_one("#report-agents", DataTable))
        assert [row[:2] for row in agents] == [["Tom Berg", "1"]]

    drive(report_app, flow)


def test_search_words_are_refused_not_ignored(report_app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"1003", "enter")
        await pilot.pause(0.4)
        await settle(pilot)
        screen = await _open_report(pilot)
        title = str(screen.query_one("#report-title", Static).render())
        assert "cannot be applied" in title
        assert screen.query_one("#report-agents", DataTable).row_count == 0

    drive(report_app, flow)


@pytest.mark.parametrize(
    ("scores", "bars"),
    [([100.0], "█"), ([69.2], "▆"), ([100.0, 69.2, 0.0], "█▆▁"), ([50.0, 50.0], "▅▅")],
)
def test_sparkline_bars_follow_the_score_scale(scores: list[float], bars: str) -> None:
    assert spark(scores) == bars  # one week of 69.2 no longer draws the full bar of 100


class TestReportSnapshot:
    """The team report at 80×24 over the fixed calls: title "2 scored calls · up-sell goal
    80%"; By agent: Sarah Kim 1 call, mean 50.0, pass 0%, offer 100% (green), Tom Berg 1 call,
    100.0, 100%, offer "-"; a full one-week sparkline per agent with "1 wk 50.0 → 50.0" and
    "1 wk 100.0 → 100.0"; By item worst first: Closes the call 50%, then the 100% items, then
    the undecided ones with "-"; keys Esc Queue, r Reload."""

    def test_report(self, snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        store = Store.open(f"sqlite:///{tmp_path / 'qa.db'}")
        fill(store, tmp_path)
        service = ReviewService(store, "maria", review_workspace(tmp_path))
        app = create_app(service, Player(backends=[miniaudio.Backend.NULL]))

        async def open_report(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=open_report)
