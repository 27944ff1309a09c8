"""`qa review` opens what the login may use: agent mode for agents, the queue for supervisors."""

from __future__ import annotations

from collections.abc import Iterator

import miniaudio
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from typer.testing import CliRunner

from qa.cli import app
from qa.cli.review import review_app
from qa.errors import AccessDeniedError
from qa.pipeline.access.open_store import open_store
from qa.pipeline.playback import Player
from qa.storage.store import Store
from qa.tui.agent_app import AgentApp
from qa.tui.app import ReviewApp
from qa.tui.screens.agent_calls import AgentCallsScreen
from qa.tui.screens.queue import QueueScreen
from qa.tui.widgets.queue_table import QueueTable
from qa.workspace import Workspace
from tests.pipeline.disputes.test_replay_data import reviewed
from tests.tui.pilot import drive


@pytest.fixture
def ws_store(workspace: Workspace) -> Iterator[Store]:
    """The workspace's own database, holding the reviewed calls (Sarah's C-1001 is final)."""
    with open_store(workspace) as store:
        reviewed(store, workspace.root)
        yield store


def _rows(pilot: Pilot[None]) -> list[str]:
    table = pilot.app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_an_agents_login_gets_agent_mode_with_only_their_calls(
    workspace: Workspace, ws_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_LOGIN", "sarah")
    app = review_app(workspace, ws_store, Player(backends=[miniaudio.Backend.NULL]))
    assert isinstance(app, AgentApp) and app.service.who.agent_id == "sarah.k"

    async def flow(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app.screen, AgentCallsScreen)
        assert _rows(pilot) == ["C-1001"]  # Tom's C-1002 is final too, but not hers

    drive(app, flow)


def test_a_supervisors_login_gets_the_review_queue(
    workspace: Workspace, ws_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_LOGIN", "tester")  # `qa init` lists it as admin and supervisor
    app = review_app(workspace, ws_store, Player(backends=[miniaudio.Backend.NULL]))
    assert isinstance(app, ReviewApp)

    async def flow(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app.screen, QueueScreen)
        assert pilot.app.screen.query_one(QueueTable).row_count == 3

    drive(app, flow)


def test_a_stranger_is_refused_before_any_screen_opens(
    workspace: Workspace, ws_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_LOGIN", "mallory")
    refused = CliRunner().invoke(app, ["review"])
    assert isinstance(refused.exception, AccessDeniedError)
    assert "'mallory' is not an agent, supervisor or admin" in refused.exception.message
