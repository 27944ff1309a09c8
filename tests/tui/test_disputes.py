"""Supervisors settle agents' disputes on the call screen; the agent then sees the outcome."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from typer.testing import CliRunner

from qa.cli import app as cli
from qa.domain.review.review import CardState
from qa.domain.scorecard import Verdict
from qa.errors import AccessDeniedError
from qa.pipeline.disputes import disputes
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from qa.tui.screens.call import CallScreen
from qa.tui.screens.reason import TextPrompt
from qa.tui.widgets.keybar import KeyBar
from qa.tui.widgets.scorecard import ScorecardView
from qa.workspace import Workspace
from tests.pipeline.disputes.test_replay_data import SUPERVISOR, reviewed
from tests.tui.conftest import silent_app
from tests.tui.pilot import drive, settle
from tests.tui.test_agent import SARAH, agent_app
from tests.tui.test_call import highlight


@pytest.fixture
def disputed(store: Store, tmp_path: Path) -> int:
    """Sarah's final C-1001, whose failed closing she disputes (through the pipeline)."""
    ids = reviewed(store, tmp_path)
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "I asked at 0:10")
    return ids["C-1001"]


async def _open_disputed_call(pilot: Pilot[None]) -> CallScreen:
    await pilot.press("enter")  # C-1001 is the oldest call, first in the queue
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen)
    return screen


def _keys(screen: CallScreen) -> str:
    return str(screen.query_one(KeyBar).render())


def _events(store: Store, call_id: int) -> list[tuple[str, str, str]]:
    return [
        (e["actor"], e["action"], e["reason"]) for e in store.audit_events("call", str(call_id))
    ]


def test_overturning_a_dispute_changes_the_verdict_and_the_agent_sees_it(
    store: Store, disputed: int
) -> None:
    async def supervisor(pilot: Pilot[None]) -> None:
        screen = await _open_disputed_call(pilot)
        title = str(screen.query_one("#call-title", Static).render())
        assert "1 open dispute · final" in title
        shown = str(screen.query_one(ScorecardView).get_option("closing").prompt)
        assert "sarah disputes: I asked at 0:10" in shown
        assert "Overturn" in _keys(screen) and "Uphold" in _keys(screen)
        await highlight(pilot, "closing")
        await pilot.press("o")
        assert isinstance(pilot.app.screen, TextPrompt)
        await pilot.press("enter")  # the agent is owed a reason: an empty one is refused
        assert isinstance(pilot.app.screen, TextPrompt)
        await pilot.press(*"heard it at 0:10", "enter")
        await settle(pilot)
        assert "verdict overturned by tester: heard it at 0:10" in str(
            screen.query_one(ScorecardView).get_option("closing").prompt
        )
        assert "Overturn" not in _keys(screen)  # nothing left to settle

    drive(silent_app(store, SUPERVISOR), supervisor, size=(100, 30))
    (dispute,) = store.disputes(disputed)
    assert (dispute.status, dispute.resolved_by, dispute.resolution) == (
        "overturned",
        SUPERVISOR,
        "heard it at 0:10",
    )
    card = store.reviewed_card(disputed)
    assert card is not None and card.state == CardState.FINAL
    assert card.item("closing").result.verdict == Verdict.PASS
    assert store.call(disputed).status.value == "final"
    assert (SUPERVISOR, "dispute_overturned", "heard it at 0:10") in _events(store, disputed)

    async def agent(pilot: Pilot[None]) -> None:
        shown = str(pilot.app.screen.query_one("#scorecard").get_option("closing").prompt)  # type: ignore[attr-defined]
        assert "overturned by tester: heard it at 0:10" in shown

    drive(agent_app(store, None, call_id=disputed), agent, size=(100, 30))


def test_upholding_keeps_the_verdict_and_says_why(store: Store, disputed: int) -> None:
    async def supervisor(pilot: Pilot[None]) -> None:
        await _open_disputed_call(pilot)
        await highlight(pilot, "closing")
        await pilot.press("u", *"no offer of more help", "enter")
        await settle(pilot)

    drive(silent_app(store, SUPERVISOR), supervisor, size=(100, 30))
    (dispute,) = store.disputes(disputed)
    assert (dispute.status, dispute.resolution) == ("upheld", "no offer of more help")
    card = store.reviewed_card(disputed)
    assert card is not None and card.item("closing").result.verdict == Verdict.FAIL
    assert (SUPERVISOR, "dispute_upheld", "no offer of more help") in _events(store, disputed)


def test_an_undisputed_item_cannot_be_settled(store: Store, disputed: int) -> None:
    async def supervisor(pilot: Pilot[None]) -> None:
        await _open_disputed_call(pilot)
        await highlight(pilot, "greeting")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CallScreen)  # no dialog: nothing to settle here

    drive(silent_app(store, SUPERVISOR), supervisor, size=(100, 30))
    (dispute,) = store.disputes(disputed)
    assert dispute.open


def test_the_service_settles_disputes_through_the_pipelines_rules(
    store: Store, disputed: int
) -> None:
    """The screen goes through disputes.resolve, which refuses an agent (no UI shortcut)."""
    service = ReviewService(store, "sarah", role="agent")
    with pytest.raises(AccessDeniedError):
        disputes.resolve_in_review(service, disputed, "closing", overturn=True, reason="mine")
    (dispute,) = store.disputes(disputed)
    assert dispute.open


def _made_na(store: Store, call_id: int, item_id: str) -> None:
    """A supervisor reopens the final card, sets the item N/A and finalizes it again."""
    card = store.reviewed_card(call_id)
    assert card is not None
    version = store.reopen_card(
        card.id, expected_version=card.version, actor=SUPERVISOR, reason="recheck"
    )
    version = store.set_item_verdict(
        card.id, item_id, Verdict.NA, expected_version=version, actor=SUPERVISOR, reason="none"
    )
    store.finalize_card(card.id, expected_version=version, actor=SUPERVISOR)


def test_an_na_item_is_overturned_with_the_command_the_screen_prints(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """N/A has no opposite to swap to: the screen prints a `qa resolve` line that runs as is."""
    notes: list[str] = []

    async def supervisor(pilot: Pilot[None]) -> None:
        await _open_disputed_call(pilot)
        await highlight(pilot, "closing")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CallScreen)  # no reason asked: nothing to swap to
        notes.extend(str(n.message) for n in pilot.app._notifications)

    with Store.open(workspace.database_url) as store:
        call_id = reviewed(store, tmp_path)["C-1001"]
        _made_na(store, call_id, "closing")
        disputes.dispute_item(store, SARAH, "C-1001", "closing", "I offered more help")
        drive(silent_app(store, SUPERVISOR), supervisor, size=(100, 30))
    (command,) = re.findall(r"`(qa resolve [^`]+)`", "\n".join(notes))
    monkeypatch.setenv("QA_LOGIN", SUPERVISOR)
    ran = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert ran.exit_code == 0, ran.output
    with Store.open(workspace.database_url) as store:
        (dispute,) = store.disputes(call_id)
        card = store.reviewed_card(call_id)
    assert dispute.status == "overturned"
    assert card is not None and card.item("closing").result.verdict in (Verdict.PASS, Verdict.FAIL)
