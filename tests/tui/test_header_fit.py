"""The call screens' headers at 80×24 and 120×36: what matters shows, nothing is cut (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from qa.pipeline.review.leases import open_call
from qa.storage.store import Store
from qa.tui.app import ReviewApp
from qa.tui.widgets.header import SEP, HeaderText, fit_header, short_name
from tests.pipeline.disputes.test_replay_data import reviewed
from tests.pipeline.transcription.test_speakers_swap import WRONG, _call
from tests.tui.conftest import silent_app
from tests.tui.pilot import drive, settle
from tests.tui.test_agent import agent_app
from tests.tui.test_call import open_first_call

SIZES = [(80, 24), (120, 36)]
SCORE_WITH_RANGE = re.compile(r"score \d+(\.\d+)? \(\d+(\.\d+)?–\d+(\.\d+)?\)")
STATUS = re.compile(r"· (new|in review|final|disputed)( v\d+)?( ·|$)")


@pytest.fixture
def agent_store(tmp_path: Path) -> Store:
    """Calls reviewed for Sarah, the agent (C-1001 final)."""
    store = Store.open(f"sqlite:///{tmp_path / 'replay.db'}")
    reviewed(store, tmp_path)
    return store


def shown(header: Widget) -> list[str]:
    """The header's lines as the terminal shows them (after any cut), without padding."""
    return [header.render_line(y).text.strip() for y in range(header.size.height)]


def _assert_whole(lines: list[str], width: int) -> None:
    assert lines and not any("…" in line for line in lines), lines
    assert all(len(line) <= width for line in lines)


@pytest.mark.parametrize("size", SIZES)
def test_the_supervisor_header_keeps_id_agent_score_range_and_status(
    app: ReviewApp, size: tuple[int, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        lines = shown(screen.query_one("#call-title"))
        _assert_whole(lines, size[0])
        first = lines[0]
        assert first.startswith("C-1001 · ") and "Kim" in first
        assert SCORE_WITH_RANGE.search(first), first
        assert STATUS.search(first), first

    drive(app, flow, size=size)


@pytest.mark.parametrize("size", SIZES)
def test_notes_of_a_mono_call_with_another_supervisor_take_a_second_line(
    store: Store, tmp_path: Path, size: tuple[int, int]
) -> None:
    call_id = _call(store, tmp_path, WRONG)
    open_call(store, call_id, "lena")

    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        await settle(pilot)
        lines = shown(screen.query_one("#call-title"))
        _assert_whole(lines, size[0])
        text = " ".join(lines)
        assert "⚠ lena also on this call" in text
        assert "speakers separated automatically (confidence 0.90)" in text
        assert STATUS.search(lines[0]) and "score" in lines[0], lines

    drive(silent_app(store, "maria"), flow, size=size)


@pytest.mark.parametrize("size", SIZES)
def test_the_agent_header_keeps_status_and_then_the_revealed_score(
    agent_store: Store, size: tuple[int, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        header = pilot.app.screen.query_one("#call-title")
        lines = shown(header)
        _assert_whole(lines, size[0])
        assert STATUS.search(lines[0]), lines
        assert "score yourself first (p/f/n)" in " ".join(lines)
        await pilot.press("v")
        await settle(pilot)
        lines = shown(header)
        _assert_whole(lines, size[0])
        assert lines[0].startswith("C-1001") and STATUS.search(lines[0]), lines
        assert re.search(r"score \d+(\.\d+)?", lines[0]), lines

    drive(agent_app(agent_store, None), flow, size=size)


def test_the_narrowest_wording_still_names_call_score_range_and_status() -> None:
    end = ("score 70 (0–78.6)", "new v1")
    parts = [
        ("C-1001", "Sarah Kim", "sales", "2026-11-20 09:14", "0:12", *end),
        ("C-1001", "Sarah Kim", *end),
        ("C-1001", short_name("Sarah Kim"), *end),
    ]
    header = HeaderText(tuple(SEP.join(p) for p in parts), tail=("speakers separated",))
    lines = fit_header(header, 44).splitlines()
    assert lines == ["C-1001 · S. Kim · score 70 (0–78.6) · new v1", "speakers separated"]
    assert fit_header(header, 200).count("\n") == 0  # room enough: one line
