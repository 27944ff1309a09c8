"""Agent mode driven with Pilot: replay, seek by transcript line, self-assess, answer."""

from __future__ import annotations

from pathlib import Path

import miniaudio
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from qa.domain.scorecard import Verdict
from qa.pipeline.access.identity import Identity
from qa.pipeline.disputes import disputes
from qa.pipeline.disputes.replay import AgentReplayService
from qa.pipeline.playback import Player
from qa.storage.store import Store
from qa.tui.agent_app import AgentApp, create_agent_app
from qa.tui.screens.agent_call import AgentCallScreen
from qa.tui.screens.agent_scorecard import AgentScorecardView
from qa.tui.screens.reason import TextPrompt
from qa.tui.widgets.transcript import TranscriptView
from qa.workspace import Workspace
from tests.pipeline.disputes.test_replay_data import CLOSING_HINT, SUPERVISOR, reviewed
from tests.tui.pilot import drive, settle

SARAH = Identity("sarah", "agent", "sarah.k")


@pytest.fixture
def agent_store(tmp_path: Path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 'replay.db'}")
    reviewed(store, tmp_path)
    return store


def agent_app(store: Store, workspace: Workspace | None, call_id: int | None = None) -> AgentApp:
    """Sarah's app, playing through miniaudio's null backend."""
    service = AgentReplayService(store, SARAH, workspace)
    return create_agent_app(service, Player(backends=[miniaudio.Backend.NULL]), call_id)


def _screen(pilot: Pilot[None]) -> AgentCallScreen:
    screen = pilot.app.screen
    assert isinstance(screen, AgentCallScreen)
    return screen


async def _highlight_item(pilot: Pilot[None], item_id: str) -> None:
    view = pilot.app.screen.query_one(AgentScorecardView)
    view.focus()
    view.highlighted = view.get_option_index(item_id)
    await pilot.pause()


def test_the_list_holds_only_my_reviewed_calls_and_enter_replays_one(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        table = pilot.app.screen.query_one(DataTable)
        assert table.row_count == 1  # C-1003 is not reviewed yet, C-1002 is Tom's
        assert table.get_row_at(0)[0] == "C-1001"
        await pilot.press("enter")
        await settle(pilot)
        screen = _screen(pilot)
        assert screen.detail is not None and screen.detail.call.meta.call_id == "C-1001"
        assert "score yourself first" in str(screen.query_one("#call-title").render())

    drive(agent_app(agent_store, None), flow)


def test_choosing_a_transcript_line_plays_from_there_and_the_line_follows(
    agent_store: Store, workspace: Workspace
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = _screen(pilot)
        assert screen.audio_note == ""
        transcript = screen.query_one(TranscriptView)
        transcript.focus()
        transcript.highlighted = 0
        for _ in range(3):
            await pilot.press("down")
        await pilot.press("enter")  # "sure we can also add device protection" at 6.2s
        assert screen.player.position == pytest.approx(6.2, abs=0.01)
        screen.player.seek(10.5)
        await pilot.press("space")
        await pilot.pause(0.5)
        assert screen.player.playing
        assert transcript.highlighted == 5  # the line spoken at 10.5s
        await pilot.press("s")
        assert screen.player.speed == 1.25

    drive(agent_app(agent_store, workspace, call_id=1), flow)


def test_self_assessment_then_the_verdicts_side_by_side(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = _screen(pilot)
        await _highlight_item(pilot, "closing")
        await pilot.press("p")
        await settle(pilot)
        assert screen.detail is not None and screen.detail.self_verdicts == {
            "closing": Verdict.PASS
        }
        assert not screen.detail.revealed
        await pilot.press("v")
        await settle(pilot)
        assert screen.detail.revealed and screen.detail.differs("closing")
        shown = str(screen.query_one(AgentScorecardView).get_option("closing").prompt)
        assert "differs" in shown and CLOSING_HINT in shown
        await pilot.press("f")  # too late: the verdicts have been seen
        await settle(pilot)
        assert screen.detail.self_verdicts == {"closing": Verdict.PASS}

    drive(agent_app(agent_store, None, call_id=1), flow)


def test_dispute_then_see_the_supervisors_outcome(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = _screen(pilot)
        await _highlight_item(pilot, "closing")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"I asked at 10s", "enter")
        await settle(pilot)
        assert screen.detail is not None
        dispute = screen.detail.dispute_of("closing")
        assert dispute is not None and dispute.open
        assert agent_store.call(1).status.value == "disputed"
        await pilot.press("a")  # refused while the dispute is open
        await settle(pilot)
        assert not screen.detail.acknowledged
        supervisor = Identity(SUPERVISOR, "supervisor")
        disputes.resolve(agent_store, supervisor, "C-1001", "closing", overturn=True,
                         reason="heard it")  # fmt: skip
        screen._ask(lambda: screen.service.detail(1))
        await settle(pilot)
        shown = str(screen.query_one(AgentScorecardView).get_option("closing").prompt)
        assert "overturned" in shown and "heard it" in shown
        assert screen.detail.card.item("closing").result.verdict == Verdict.PASS
        await pilot.press("a")
        await settle(pilot)
        assert screen.detail.acknowledged
        assert "acknowledged" in str(screen.query_one("#call-title").render())

    drive(agent_app(agent_store, None, call_id=1), flow, size=(100, 30))


def test_the_dispute_prompt_names_the_item_as_the_scorecard_does(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await _highlight_item(pilot, "closing")
        await pilot.press("d")
        await pilot.pause()
        prompt = pilot.app.screen
        assert isinstance(prompt, TextPrompt)
        assert prompt.title_text == "Dispute Offers more help before closing"

    drive(agent_app(agent_store, None, call_id=1), flow)
