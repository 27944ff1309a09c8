"""The call screen's re-score decision: one line says what a waiting re-score would change;
A takes it, K keeps the review; both hidden when nothing waits, and refused for agents."""

from __future__ import annotations

import io
from pathlib import Path

import miniaudio
import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from qa.domain.review.review import CardState
from qa.pipeline.playback import Player
from qa.pipeline.review.review import ReviewService
from qa.pipeline.scoring.rescore import PendingRescore
from qa.storage.store import Store
from qa.tui.app import create_app
from qa.tui.screens.call import CallScreen
from qa.tui.screens.call_rescore import rescore_refusal
from qa.tui.screens.help import help_sections
from tests.pipeline.scoring.test_rescore_keeps_reviews import _change_rubric, _ok, reviewed  # noqa: F401
from tests.tui.pilot import drive, settle

ON_REVIEWED = pytest.mark.usefixtures("reviewed")  # C-1001 final; the workspace is the cwd


async def _open_c1001(pilot: Pilot[None]) -> CallScreen:
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen) and screen.detail is not None
    assert screen.detail.call.meta.call_id == "C-1001"
    return screen


def _decide(database_url: str, key: str) -> tuple[str, list[str]]:
    """Open C-1001 with a re-score waiting, press `key`; the line before, and what is left."""
    _change_rubric(Path.cwd())
    _ok("score")
    seen: list[str] = []
    with Store.open(database_url) as store:
        app = create_app(ReviewService(store, "root"), Player(backends=[miniaudio.Backend.NULL]))

        async def flow(pilot: Pilot[None]) -> None:
            screen = await _open_c1001(pilot)
            await settle(pilot)
            note = screen.query_one("#rescore-note", Static)
            assert note.display and note.region.height >= 1
            seen.append(str(note.render()))
            assert screen.check_action("accept_rescore", ())
            assert screen.check_action("keep_review", ())
            await pilot.press(key)
            await settle(pilot)
            assert not note.display  # nothing waits any more: line and keys gone
            assert not screen.check_action("accept_rescore", ())
            assert not screen.check_action("keep_review", ())

        drive(app, flow, size=(80, 24))
        call_id = store.call_by_ref("C-1001").id
        assert ReviewService(store, "root").pending_rescore(call_id) is None
        card = store.reviewed_card(call_id)
        assert card is not None
        return card.state, seen


@ON_REVIEWED
def test_k_keeps_the_final_review_without_a_prompt(database_url: str) -> None:
    state, seen = _decide(database_url, "K")
    assert state == CardState.FINAL
    assert "greeting pass → " in seen[0] and "A take" in seen[0] and "K keep" in seen[0]


@ON_REVIEWED
def test_a_takes_the_rescore_and_the_card_is_in_review_again(database_url: str) -> None:
    state, _ = _decide(database_url, "A")
    assert state == CardState.IN_REVIEW


@ON_REVIEWED
def test_no_line_and_no_keys_when_nothing_waits(database_url: str) -> None:
    with Store.open(database_url) as store:
        app = create_app(ReviewService(store, "root"), Player(backends=[miniaudio.Backend.NULL]))

        async def flow(pilot: Pilot[None]) -> None:
            screen = await _open_c1001(pilot)
            assert not screen.query_one("#rescore-note", Static).display
            assert not screen.check_action("keep_review", ())
            assert screen.refusal("keep_review", ()) == "No re-scored version waits for this call."

        drive(app, flow)


def test_the_permission_table_refuses_the_decision_to_agents() -> None:
    pending = PendingRescore(1, "C-1001", "sarah.k", "acme_inbound v2", ())
    assert rescore_refusal("supervisor", None, pending, "keep_review") == ""
    refusal = rescore_refusal("agent", None, pending, "keep_review")
    assert "supervisors and admins" in refusal


def test_the_help_screen_lists_both_keys() -> None:
    console = Console(width=120, record=True, file=io.StringIO())
    for section in help_sections():
        console.print(section)
    text = console.export_text()
    assert "Take the re-scored automatic verdicts" in text and "Keep the review as it is" in text


def test_the_help_screen_lists_the_speaker_swap() -> None:
    """S (swap agent and customer on a call separated by voice) is on the help screen too."""
    console = Console(width=120, record=True, file=io.StringIO())
    for section in help_sections():
        console.print(section)
    assert "Swap agent and customer" in console.export_text()
