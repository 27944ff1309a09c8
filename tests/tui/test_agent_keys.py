"""The agent's call screen at the keyboard: focus, reload, supervisor notes, help, refusals."""

from __future__ import annotations

from pathlib import Path

import miniaudio
import pytest
from rich.console import Console
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable

from qa.domain.scorecard import Verdict
from qa.pipeline.access.identity import Identity
from qa.pipeline.disputes.replay import AgentReplayService
from qa.pipeline.playback import Player
from qa.storage.store import Store
from qa.tui.agent_app import AgentApp, create_agent_app
from qa.tui.screens.agent_call import AgentCallScreen
from qa.tui.screens.agent_scorecard import AgentScorecardView
from qa.tui.screens.help import HelpScreen
from qa.tui.widgets.keybar import KeyBar
from qa.tui.widgets.transcript import TranscriptView
from tests.pipeline.disputes.test_replay_data import SUPERVISOR, finalize, reviewed
from tests.tui.pilot import drive, settle

SARAH = Identity("sarah", "agent", "sarah.k")
LONG_REASON = "she asked 'is there anything else' at 0:10, the scoring missed it under crosstalk"


@pytest.fixture
def agent_store(tmp_path: Path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 'replay.db'}")
    reviewed(store, tmp_path)
    return store


def agent_app(store: Store, call_id: int = 1) -> AgentApp:
    service = AgentReplayService(store, SARAH, None)
    return create_agent_app(service, Player(backends=[miniaudio.Backend.NULL]), call_id)


def _screen(pilot: Pilot[None]) -> AgentCallScreen:
    screen = pilot.app.screen
    assert isinstance(screen, AgentCallScreen)
    return screen


def _keys(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(KeyBar).render())


def _toasts(pilot: Pilot[None]) -> str:
    return " ".join(str(n.message) for n in pilot.app._notifications)


def test_tab_moves_focus_to_the_scorecard_and_keys_act_on_its_item(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = _screen(pilot)
        assert isinstance(pilot.app.focused, AgentScorecardView)  # focus on open
        await pilot.press("shift+tab")
        assert isinstance(pilot.app.focused, TranscriptView)
        await pilot.press("tab", "down", "p")
        await settle(pilot)
        assert screen.detail is not None
        assert screen.detail.self_verdicts == {"disclosure": Verdict.PASS}  # the SECOND item

    drive(agent_app(agent_store), flow)


def test_the_screen_reloads_when_a_supervisor_changes_the_call(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = _screen(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.pause(3.5)  # one poll takes the screen's state
        agent_store.add_comment(1, SUPERVISOR, "Good save on the upgrade.", item_id="greeting")
        await pilot.pause(3.5)
        await settle(pilot)
        shown = str(screen.query_one(AgentScorecardView).get_option("greeting").prompt)
        assert "Good save on the upgrade." in shown
        agent_store.add_comment(1, SUPERVISOR, "Call note.")
        await pilot.press("r")
        await settle(pilot)
        assert any(c.text == "Call note." for c in screen.detail.comments)  # type: ignore[union-attr]

    drive(agent_app(agent_store), flow)


def test_override_reasons_comments_and_outcomes_show_beside_each_item(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'replay.db'}")
    ids = reviewed(store, tmp_path)
    card = store.reviewed_card(ids["C-1003"])
    assert card is not None
    store.set_item_verdict(
        card.id, "closing", Verdict.PASS, expected_version=card.version,
        actor=SUPERVISOR, reason=LONG_REASON,
    )  # fmt: skip
    store.add_comment(ids["C-1003"], SUPERVISOR, "Warm tone throughout.", item_id="closing")
    finalize(store, ids["C-1003"])

    async def flow(pilot: Pilot[None]) -> None:
        screen = _screen(pilot)
        await pilot.press("v")
        await settle(pilot)
        shown = str(screen.query_one(AgentScorecardView).get_option("closing").prompt)
        assert LONG_REASON in shown and SUPERVISOR in shown
        assert "Warm tone throughout." in shown

    drive(agent_app(store, ids["C-1003"]), flow, size=(120, 36))


def test_question_mark_opens_the_agents_keys(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        console = Console(width=100, record=True)
        for section in pilot.app.screen.query(".help-section"):
            console.print(section.content)  # type: ignore[attr-defined]
        text = console.export_text()
        assert "I passed" in text and "Dispute" in text and "Next pane" in text
        assert "Everywhere" in text and "Reload" in text
        everywhere = text.split("Everywhere")[1].split("My calls")[0]
        assert "Help" in everywhere and "Quit" in everywhere
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AgentCallScreen)

    drive(agent_app(agent_store), flow)


def test_keys_that_cannot_apply_hide_and_say_why_before_any_prompt(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = _screen(pilot)
        assert "I passed" in _keys(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "I passed" not in _keys(pilot) and "Verdicts" not in _keys(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "self-assessment of this call is closed" in _toasts(pilot)
        assert "replay screen" not in _toasts(pilot)
        assert screen.detail is not None and screen.detail.self_verdicts == {}
        await pilot.press("a")
        await settle(pilot)
        assert screen.detail.acknowledged
        assert "Acknowledge" not in _keys(pilot) and "Dispute" not in _keys(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert pilot.app.screen is screen  # no "Dispute…" prompt opened
        assert "can no longer be disputed" in _toasts(pilot)

    drive(agent_app(agent_store), flow)


def test_the_list_of_my_calls_shows_whole_call_ids_and_dates(agent_store: Store) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("r")  # the list read again (as on coming back from a call)
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        size = table.outer_size
        shown = " ".join(s.text for s in table.render_lines(Region(0, 0, size.width, size.height)))
        assert "C-1001" in shown and "2026-11-20 09:00" in shown and "final" in shown

    drive(agent_app_list(agent_store), flow, size=(120, 36))


def agent_app_list(store: Store) -> AgentApp:
    service = AgentReplayService(store, SARAH, None)
    return create_agent_app(service, Player(backends=[miniaudio.Backend.NULL]))
