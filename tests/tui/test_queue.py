"""The queue screen: it lists the calls, filters and searches them, sorts, and opens one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from qa.domain.call import AudioInfo, CallMeta
from qa.storage.records import FileRecord
from qa.storage.store import Store
from qa.tui.app import ReviewApp
from qa.tui.screens.call import CallScreen
from qa.tui.screens.queue import QueueScreen
from qa.tui.widgets.queue_table import Column, QueueTable, fit
from tests.tui.conftest import silent_app
from tests.tui.data import AGENTS
from tests.tui.pilot import drive, settle


def _column(app: ReviewApp, index: int) -> list[str]:
    return [row[index].text for row in app.screen.query_one(QueueTable).rows]


def test_the_queue_lists_every_call_oldest_first(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, QueueScreen)
        assert _column(app, 2) == ["Sarah Kim", "Tom Berg", "Sarah Kim"]
        assert "rows 1–3 of 3" in str(app.screen.query_one("#queue-status", Static).render())

    drive(app, flow)


def test_filter_by_agent_and_search_as_you_type(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"agent:tom.b", "enter")
        await settle(pilot)
        assert _column(app, 2) == ["Tom Berg"]
        await pilot.press("slash", *["backspace"] * 11, *"1003")
        await pilot.pause(0.4)  # the search runs once typing stops
        await settle(pilot)
        assert _column(app, 1) == ["11-21 08:30"]

    drive(app, flow)


def test_filter_by_status_and_date(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"status:new until:2026-11-20", "enter")
        await settle(pilot)
        assert _column(app, 1) == ["11-20 09:14", "11-20 10:02"]
        await pilot.press("slash", "ctrl+u", *"since:2026-11-30", "enter")
        await settle(pilot)
        assert "no calls match" in str(app.screen.query_one("#queue-status", Static).render())

    drive(app, flow)


def test_sort_by_score_descending(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press(*"oooo")  # date → agent → queue → duration → score
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        # not final yet: provisional; unscored calls last
        assert _column(app, 5) == ["~100", "~70", "–"]

    drive(app, flow)


def test_enter_opens_the_call_and_escape_comes_back(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        title = str(app.screen.query_one("#call-title", Static).render())
        assert title.startswith("C-1001 · Sarah Kim · sales · 11-20 09:14")  # no year at 80 columns
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)

    drive(app, flow)


def test_a_heading_click_sorts_by_its_column_and_a_second_click_reverses(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.click("#queue-table", offset=(24, 0))  # the Agent heading
        await settle(pilot)
        assert _column(app, 2) == ["Sarah Kim", "Sarah Kim", "Tom Berg"]
        assert "sorted by Agent ↑" in _status(app)
        await pilot.click("#queue-table", offset=(24, 0))
        await settle(pilot)
        assert _column(app, 2) == ["Tom Berg", "Sarah Kim", "Sarah Kim"]
        assert "sorted by Agent ↓" in _status(app)

    drive(app, flow)


def test_a_click_moves_the_cursor_and_a_second_click_opens_the_call(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.click("#queue-table", offset=(30, 2))  # the second call's line
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert _cursor_line(app).startswith(" C-1002  11-20 10:02  Tom Berg")
        await pilot.click("#queue-table", offset=(30, 2))
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        assert str(app.screen.query_one("#call-title", Static).render()).startswith("C-1002")

    drive(app, flow)


@pytest.mark.parametrize(
    ("text", "right", "shown"),
    [
        ("tom.b", False, " tom.b      "),
        ("12:04", True, "  12:04 "),
        ("maria.rodriguez", False, " maria.rod… "),
        ("ümit.çelik", False, " ümit.çelik "),
        ("佐藤花子さん", False, " 佐藤花子…  "),  # wide characters are two cells each
    ],
)
def test_cells_are_cut_or_padded_to_their_column(text: str, right: bool, shown: str) -> None:
    width = 10 if not right else 6
    assert fit(text, Column("any", "Any", width, right=right)) == shown


LONG_QUEUE = 260  # calls: more than two pages of the database and fifteen screens
FIRST_CALL = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def _long_queue(store: Store, folder: Path) -> None:
    """Calls a minute apart, so that the Date column tells each one's place in the queue."""
    store.save_agents(AGENTS)
    records = [
        FileRecord(
            path=str(folder / f"{n}.wav"),
            sha256=f"{n:064x}",
            size=1000,
            mtime_ns=0,
            inode=n,
            meta=CallMeta(
                call_id=f"L-{n}",
                agent="tom.b",
                started_at=FIRST_CALL + timedelta(minutes=n),
                queue="care",
            ),
            audio=AudioInfo(duration=30.0, channels=2, sample_rate=8000, codec="pcm_s16le"),
        )
        for n in range(LONG_QUEUE)
    ]
    store.save_files(records)


def _date(place: int) -> str:
    return (FIRST_CALL + timedelta(minutes=place)).strftime("%m-%d %H:%M")


def _status(app: ReviewApp) -> str:
    return str(app.screen.query_one("#queue-status", Static).render())


def _cursor_line(app: ReviewApp) -> str:
    """The text of the highlighted line, which must be on the screen."""
    table = app.screen.query_one(QueueTable)
    line = table.cursor_row - round(table.scroll_y) + 1  # below the headings
    assert 1 <= line < table.scrollable_content_region.height
    return table.render_line(line).text


async def _cursor_after(pilot: Pilot[None], *keys: str) -> str:
    """Press keys, let the screen settle, and return the highlighted line's text."""
    await pilot.press(*keys)
    await settle(pilot)
    return _cursor_line(pilot.app)


def test_page_down_and_up_walk_the_whole_queue_a_screen_at_a_time(
    store: Store, tmp_path: Path
) -> None:
    _long_queue(store, tmp_path)

    async def flow(pilot: Pilot[None]) -> None:
        table = pilot.app.screen.query_one(QueueTable)
        screen_rows = table.page_height
        for place in range(screen_rows, LONG_QUEUE, screen_rows):
            assert (await _cursor_after(pilot, "pagedown")).startswith(f" L-{place} ")
        assert (await _cursor_after(pilot, "pagedown")).startswith(f" L-{LONG_QUEUE - 1} ")
        assert _status(pilot.app).startswith(f"rows {LONG_QUEUE - 99}–{LONG_QUEUE} of {LONG_QUEUE}")
        for _ in range(LONG_QUEUE // screen_rows + 1):
            await pilot.press("pageup")
            await settle(pilot)
        assert _cursor_line(pilot.app).startswith(" L-0 ")
        assert _status(pilot.app).startswith(f"rows 1–100 of {LONG_QUEUE}")

    drive(silent_app(store), flow)


def test_rows_are_fetched_before_the_cursor_reaches_the_end_of_the_loaded_ones(
    store: Store, tmp_path: Path
) -> None:
    _long_queue(store, tmp_path)

    async def flow(pilot: Pilot[None]) -> None:
        # near the end of the first 100 rows
        assert (await _cursor_after(pilot, *["down"] * 80)).startswith(" L-80 ")
        assert not _status(pilot.app).startswith("rows 1–100")
        await pilot.press("enter")  # the cursor's call, though it has no scorecard to open
        await settle(pilot)
        assert _status(pilot.app).startswith("L-80 is not in a review sample")

    drive(silent_app(store), flow)


def test_bottom_and_top_jump_to_the_ends_of_the_queue(store: Store, tmp_path: Path) -> None:
    _long_queue(store, tmp_path)

    async def flow(pilot: Pilot[None]) -> None:
        assert (await _cursor_after(pilot, "G")).startswith(f" L-{LONG_QUEUE - 1} ")
        assert (await _cursor_after(pilot, "up")).startswith(f" L-{LONG_QUEUE - 2} ")
        assert (await _cursor_after(pilot, "g")).startswith(" L-0 ")

    drive(silent_app(store), flow)
