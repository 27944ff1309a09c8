"""The queue screen: it lists the calls, filters and searches them, sorts, and opens one."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from qa.tui.app import ReviewApp
from qa.tui.screens.call import CallScreen
from qa.tui.screens.queue import QueueScreen
from tests.tui.pilot import drive, settle


def _column(app: ReviewApp, index: int) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


def test_the_queue_lists_every_call_oldest_first(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, QueueScreen)
        assert _column(app, 1) == ["sarah.k", "tom.b", "sarah.k"]
        assert "rows 1–3 of 3" in str(app.screen.query_one("#queue-status", Static).render())

    drive(app, flow)


def test_filter_by_agent_and_search_as_you_type(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"agent:tom.b", "enter")
        await settle(pilot)
        assert _column(app, 1) == ["tom.b"]
        await pilot.press("slash", *["backspace"] * 11, *"1003")
        await pilot.pause(0.4)  # the search runs once typing stops
        await settle(pilot)
        assert _column(app, 0) == ["11-21 08:30"]

    drive(app, flow)


def test_filter_by_status_and_date(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"status:new until:2026-11-20", "enter")
        await settle(pilot)
        assert _column(app, 0) == ["11-20 09:14", "11-20 10:02"]
        await pilot.press("slash", "ctrl+u", *"since:2026-11-30", "enter")
        await settle(pilot)
        assert "no calls match" in str(app.screen.query_one("#queue-status", Static).render())

    drive(app, flow)


def test_sort_by_auto_score_descending(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press(*"oooo")  # date → agent → queue → duration → auto score
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        assert _column(app, 4) == ["100", "50", "–"]  # unscored calls last

    drive(app, flow)


def test_enter_opens_the_call_and_escape_comes_back(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        title = str(app.screen.query_one("#call-title", Static).render())
        assert title.startswith("C-1001 · Sarah Kim · sales · 2026-11-20 09:14")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)

    drive(app, flow)
