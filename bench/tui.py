"""Review UI speed on 100,000 calls and 1,000,000 segments: first screens and page scrolls.

Run: python bench/tui.py [--calls 100000] [--repeat 3] [--db PATH]
Prints medians; the baseline is an empty Textual app's start-up, measured in the same run.

Clocks per step. "settled" is the key press plus Pilot's settle loop: Pilot waits for the
whole process to go idle (at least 20 ms per wait, five waits per step) and for every worker,
including the audio decoder. "drawn" stops at the first screen update after which the screen
shows the answer (the call, or the cursor on a loaded row of the new page): what a person at
the terminal waits for. "polled" is how "drawn" was first measured: the screen is polled every
millisecond until it shows the answer, then one more screen update is awaited; that update
may be a later one (rows fetched ahead arriving), so it can only be slower.

Run the old code with this script: PYTHONPATH=/path/to/checkout python bench/tui.py (the
first line printed says which code is measured).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import miniaudio
from sqlalchemy import insert
from textual.app import App
from textual.screen import Screen

import qa
from qa.pipeline.playback import Player
from qa.pipeline.review.review import ReviewService
from qa.storage.queue import QueueFilter, QueueSort
from qa.storage.store import Store
from qa.storage.tables.tables import (
    AgentRow,
    CallRow,
    ItemResultRow,
    RubricRow,
    ScorecardRow,
    SegmentRow,
    TranscriptRow,
)
from qa.tui.app import create_app
from qa.tui.screens.call import CallScreen

SEGMENTS_PER_CALL = 10
ITEMS = ("greeting", "disclosure", "offer", "courtesy", "closing")
VERDICTS = ("pass", "pass", "fail", "uncertain", "na")
BATCH = 20_000
START = datetime(2026, 1, 1, tzinfo=UTC)


def _batches(rows: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def _calls(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": i,
            "path": f"/rec/{i}.wav",
            "path_raw": f"/rec/{i}.wav".encode(),
            "sha256": f"{i:064x}",
            "size": 1,
            "mtime_ns": 0,
            "inode": i,
            "meta_stamp": "",
            "readable": True,
            "duration": 60.0 + i % 300,
            "problem": "",
            "codec": "pcm_s16le",
            "call_ref": f"C-{i}",
            "agent_id": f"agent{i % 50}",
            "started_at": START + timedelta(minutes=7 * i),
            "recorded_at": START + timedelta(minutes=7 * i),
            "queue": ("sales", "care", "billing")[i % 3],
            "direction": "inbound",
            "offers": [],
            "extra": {},
            "status": ("new", "in_review", "final", "disputed")[i % 4],
            "transcript_state": "done",
            "transcript_problem": "",
            "current_scorecard_id": i,
            "created_at": START,
        }
        for i in range(1, n + 1)
    ]


def _scorecards(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": i,
            "call_id": i,
            "rubric_id": 1,
            "pass_mark": 80.0,
            "call_meta": {},
            "score": float(i % 101),
            "auto_score": float(i % 101),
            "passed": i % 101 >= 80,
            "auto_fail": i % 13 == 0,
            "provisional": True,
            "state": "automatic",
            "version": 1,
            "reviewed_by": "",
            "uncertain_count": i % 3,
            "failed_count": i % 4,
            "created_at": START,
            "updated_at": START,
        }
        for i in range(1, n + 1)
    ]


def _items(n: int) -> list[dict[str, object]]:
    evidence = [{"phrase": "x", "text": "x", "speaker": "agent", "start": 1.0, "end": 2.0}]
    return [
        {
            "scorecard_id": i,
            "position": p,
            "item_id": item,
            "label": item.title(),
            "section": "Opening",
            "points": 10.0,
            "critical": False,
            "auto_verdict": VERDICTS[p],
            "verdict": VERDICTS[p],
            "reason": "",
            "hint": "",
            "evidence": evidence,
        }
        for i in range(1, n + 1)
        for p, item in enumerate(ITEMS)
    ]


def _segments(n: int) -> list[dict[str, object]]:
    return [
        {
            "transcript_id": i,
            "position": p,
            "start": p * 6.0,
            "end": p * 6.0 + 5.0,
            "speaker": ("agent", "customer")[p % 2],
            "text": "thank you for calling acme wireless this is sarah how can i help",
            "confidence": 0.9,
            "words": [],
        }
        for i in range(1, n + 1)
        for p in range(SEGMENTS_PER_CALL)
    ]


def build(url: str, n: int) -> Store:
    """A database with `n` calls, each transcribed (10 segments) and scored (5 items)."""
    store = Store.open(url)
    transcripts = [
        {"id": i, "call_id": i, "language": "en", "duration": 60.0, "engine": "b", "extra": {}}
        | {"created_at": START}
        for i in range(1, n + 1)
    ]
    agents = [
        {"id": f"agent{a}", "name": f"Agent {a}", "aliases": [], "login": "", "team": ""}
        for a in range(50)
    ]
    with store.engine.begin() as connection:
        connection.execute(insert(AgentRow.__table__), agents)  # type: ignore[attr-defined]
        connection.execute(
            insert(RubricRow.__table__),  # type: ignore[attr-defined]
            [
                {"id": 1, "sha256": "ab", "name": "r", "version": "1", "text": ""}
                | {"created_at": START}
            ],
        )
        for table, rows in (
            (CallRow, _calls(n)),
            (ScorecardRow, _scorecards(n)),
            (ItemResultRow, _items(n)),
            (TranscriptRow, transcripts),
            (SegmentRow, _segments(n)),
        ):
            for batch in _batches(rows):
                connection.execute(insert(table.__table__), batch)  # type: ignore[attr-defined]
    return store


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _drawn(app: App[None], key: str, done: Callable[[], bool]) -> tuple[float, float]:
    """Seconds from sending `key` to the first screen update after which `done()` holds, and
    ("polled") until polling every millisecond sees `done()` and one more update follows.

    The polled clock also counts work that starts after the answer is on the screen (a page
    fetched ahead, whose arrival is the next update), so it is the slower of the two.
    """
    painted: list[float] = []
    refresh = Screen._compositor_refresh

    def watched(screen: Screen[object]) -> None:
        refresh(screen)
        if not painted and screen is app.screen and done():
            painted.append(time.perf_counter())

    Screen._compositor_refresh = watched  # type: ignore[method-assign]
    try:
        began = time.perf_counter()
        app.simulate_key(key)
        while not done():
            await asyncio.sleep(0.001)
        updated = asyncio.Event()
        app.screen.call_after_refresh(updated.set)
        await updated.wait()
        polled = time.perf_counter() - began
        while not painted:
            await asyncio.sleep(0.001)
    finally:
        Screen._compositor_refresh = refresh  # type: ignore[method-assign]
    return painted[0] - began, polled


def _page_shown(app: App[None], before: tuple[int, int]) -> Callable[[], bool]:
    """True once the queue's cursor has moved onto a row that is loaded and needs no more.

    On the last (or first) loaded row, with more of the queue beyond it, the screen is still
    waiting for the rows around the cursor: not done. Rows fetched ahead of the cursor while it
    is elsewhere (the queue screen does so near either end) are not waited for here; their cost
    is in the "settled" clock.
    """

    def done() -> bool:
        index, offset = _queue_at(app)
        page = app.screen.page  # type: ignore[attr-defined]
        beyond = (index >= len(page.rows) - 1 and offset + len(page.rows) < page.total) or (
            index == 0 and offset > 0
        )
        return (index, offset) != before and not beyond

    return done


def _queue_at(app: App[None]) -> tuple[int, int]:
    """The cursor's row in the loaded page, and where that page starts in the queue."""
    table = app.screen.query_one("#queue-table")  # the old DataTable or the QueueTable
    return table.cursor_row, app.screen.page.offset  # type: ignore[attr-defined]


def _call_shown(app: App[None]) -> bool:
    screen = app.screen
    return isinstance(screen, CallScreen) and screen.detail is not None


async def _drawn_steps(app: App[None], pilot, pages: int) -> tuple[Drawn, list[Scroll]]:  # type: ignore[no-untyped-def]
    scrolls = []
    for _ in range(pages):
        before = _queue_at(app)
        took = await _drawn(app, "pagedown", _page_shown(app, before))
        await _settle(pilot)
        scrolls.append((*took, _queue_at(app)[1] != before[1]))
    opened = await _drawn(app, "enter", lambda: _call_shown(app))
    await _settle(pilot)
    await pilot.press("escape")
    await _settle(pilot)
    return opened, scrolls


async def _empty_app() -> float:
    began = time.perf_counter()
    async with App().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    return time.perf_counter() - began


Drawn = tuple[float, float]  # seconds to the first update showing it, and polled
Scroll = tuple[float, float, bool]  # the same, and whether rows were fetched from the database
Session = tuple[float, float, list[float], Drawn, list[Scroll]]


async def _session(store: Store, pages: int) -> Session:
    app = create_app(ReviewService(store, "bench"), Player(backends=[miniaudio.Backend.NULL]))
    began = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        first_screen = time.perf_counter() - began
        scrolls = []
        for _ in range(pages):
            began = time.perf_counter()
            await pilot.press("pagedown")
            await _settle(pilot)
            scrolls.append(time.perf_counter() - began)
        began = time.perf_counter()
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, CallScreen)
        call_screen = time.perf_counter() - began
        await pilot.press("escape")
        await _settle(pilot)
        drawn_open, drawn_scrolls = await _drawn_steps(app, pilot, pages)
    return first_screen, call_screen, scrolls, drawn_open, drawn_scrolls


def _queries(store: Store, n: int) -> None:
    for column in ("date", "agent", "duration", "auto_score", "uncertain", "status"):
        times = []
        for offset in (0, n // 2, n - 100):
            began = time.perf_counter()
            store.queue_page(QueueFilter(), QueueSort(column, True), offset)
            times.append(time.perf_counter() - began)
        print(
            f"  queue page sorted by {column:<10} offsets 0/mid/end: "
            + " / ".join(f"{t * 1000:.0f}" for t in times)
            + " ms"
        )
    began = time.perf_counter()
    store.queue_count(QueueFilter(search="C-4242"))
    print(f"  search 'C-4242' count: {(time.perf_counter() - began) * 1000:.0f} ms")


def _report(baseline: list[float], runs: list[Session]) -> None:
    base = statistics.median(baseline)
    first = [r[0] for r in runs]
    scroll = [s for r in runs for s in r[2]]
    ratio = statistics.median(first) / base
    opened = [r[3] for r in runs]
    print(f"empty Textual app start (baseline): {median_ms(baseline)}")
    print(f"queue first screen: {median_ms(first)} ({ratio:.1f}x baseline; target <= 1000 ms)")
    print(f"call screen open, settled: {median_ms([r[1] for r in runs])}")
    print(
        f"call screen open, drawn:   {median_ms([d for d, _ in opened])} (target <= 300 ms);"
        f" polled {median_ms([p for _, p in opened])}"
    )
    print(f"page scroll, settled:      {median_ms(scroll)} per page")
    drawn = [s for r in runs for s in r[4]]
    print(
        f"page scroll, drawn:        {median_ms([d for d, _, _ in drawn])} per page"
        f" (target <= 50 ms); polled {median_ms([p for _, p, _ in drawn])}"
    )
    for fetched, what in ((False, "no rows fetched"), (True, "rows fetched")):
        times = [d for d, _, f in drawn if f is fetched]
        if times:
            slowest = max(times) * 1000
            print(f"  {what}: {median_ms(times)} ({len(times)} scrolls, slowest {slowest:.0f} ms)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, help="keep the database here (built when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        path = args.db or Path(folder) / "qa.db"
        url = f"sqlite:///{path}"
        store = Store.open(url) if path.exists() else build(url, args.calls)
        segments = args.calls * SEGMENTS_PER_CALL
        took = time.perf_counter() - began
        print(f"{args.calls:,} calls, {segments:,} segments ready in {took:.1f} s")
        print(f"review UI code measured: {Path(qa.__file__).parent}")
        _queries(store, args.calls)
        baseline = [asyncio.run(_empty_app()) for _ in range(args.repeat)]
        runs = [asyncio.run(_session(store, 20)) for _ in range(args.repeat)]
        store.close()
    _report(baseline, runs)


if __name__ == "__main__":
    main()
