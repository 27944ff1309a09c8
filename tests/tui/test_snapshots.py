"""SVG snapshots of the review UI at 80×24 (and 120×36), each class saying what one should see."""

from __future__ import annotations

from pathlib import Path

import miniaudio
import pytest
from textual.pilot import Pilot

from qa.pipeline.playback import Player
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from qa.tui.app import ReviewApp, create_app
from tests.tui.data import fill
from tests.tui.pilot import settle

SIZE = (80, 24)


@pytest.fixture
def review_app(tmp_path: Path) -> ReviewApp:
    """The app over the fixed calls on a SQLite file (fixed data, no clock on screen)."""
    store = Store.open(f"sqlite:///{tmp_path / 'qa.db'}")
    fill(store, tmp_path)
    return create_app(ReviewService(store, "maria"), Player(backends=[miniaudio.Backend.NULL]))


class TestQueue:
    """The queue: three calls oldest first by call id, agents by name, C-1001 highlighted with a
    provisional score ~70, 1 uncertain, 1 pending and 1 failed item; C-1003 "unsampled" with a
    dash for its score; the number columns and their headings right-aligned; no horizontal
    scrollbar at 80 columns; status line "rows 1–3 of 3 · sorted by Date ↑ · ~ provisional"."""

    def test_queue(self, snap_compare, review_app: ReviewApp) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(review_app, terminal_size=SIZE, run_before=settle)


class TestCall:
    """C-1001: the header whole at 80 columns, "C-1001 · Sarah Kim · sales · 11-20 09:14 · 0:12 ·
    score 70 (0–78.6) · new v1" (no year, so the range and status fit); transcript left (agent
    cyan, customer magenta, evidence underlined on yellow), scorecard right grouped Opening /
    Sales / Closing with PASS, ??, FAIL and TODO badges, the timeline above with both channels,
    and "⏸ 0:00 / 0:12 · 1×" below."""

    def test_call(self, snap_compare, review_app: ReviewApp) -> None:  # type: ignore[no-untyped-def]
        async def open_call(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(review_app, terminal_size=SIZE, run_before=open_call)


class TestHelp:
    """The help dialog over the queue: keys for everywhere, the queue (with the search
    syntax) and the call screen, each with what it does."""

    def test_help(self, snap_compare, review_app: ReviewApp) -> None:  # type: ignore[no-untyped-def]
        async def open_help(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(review_app, terminal_size=SIZE, run_before=open_help)


@pytest.fixture
def long_texts_app(tmp_path: Path) -> ReviewApp:
    """C-1001 final with a long override reason, long comments and Sarah's open dispute."""
    from tests.tui.long_texts import fill_long_texts

    store = Store.open(f"sqlite:///{tmp_path / 'qa.db'}")
    fill_long_texts(store, tmp_path)
    return create_app(ReviewService(store, "maria"), Player(backends=[miniaudio.Backend.NULL]))


async def _open_on_the_closing(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("home", "down", "down", "down")  # greeting → … → closing
    await settle(pilot)


class TestLongTexts:
    """C-1001 final, opened on the disputed greeting, then moved to the closing: its override
    reason ("…closing was in fact done properly reasontail") and the comment ("…commenttail")
    wrap whole inside the pane with nothing cut; the greeting's "⚑ sarah disputes: …
    disputetail  u uphold · o overturn" above it; the cursor line stands out; R Reopen shows,
    p/f/n do not; the header ends in "· final v…" uncut. At 80×24 and at 120×36."""

    def test_80x24(self, snap_compare, long_texts_app: ReviewApp) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(long_texts_app, terminal_size=SIZE, run_before=_open_on_the_closing)

    def test_120x36(self, snap_compare, long_texts_app: ReviewApp) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(
            long_texts_app, terminal_size=(120, 36), run_before=_open_on_the_closing
        )
