"""SVG snapshots of agent mode at 100×30, each class saying what a person should see."""

from __future__ import annotations

from pathlib import Path

import miniaudio
import pytest

from qa.domain.scorecard import Verdict
from qa.pipeline.access.identity import Identity
from qa.pipeline.disputes.replay import AgentReplayService
from qa.pipeline.playback import Player
from qa.storage.store import Store
from qa.tui.agent_app import AgentApp, create_agent_app
from qa.workspace import Workspace
from tests.pipeline.disputes.test_replay_data import reviewed
from tests.tui.pilot import settle

SIZE = (100, 30)


@pytest.fixture
def service(tmp_path: Path, workspace: Workspace) -> AgentReplayService:
    """Sarah's replay service over the fixed calls (she has scored two items herself)."""
    store = Store.open(f"sqlite:///{tmp_path / 'replay.db'}")
    ids = reviewed(store, tmp_path)
    service = AgentReplayService(store, Identity("sarah", "agent", "sarah.k"), workspace)
    service.self_assess(ids["C-1001"], "greeting", Verdict.PASS)
    service.self_assess(ids["C-1001"], "closing", Verdict.PASS)
    return service


def _app(service: AgentReplayService) -> AgentApp:
    return create_agent_app(service, Player(backends=[miniaudio.Backend.NULL]), call_id=1)


class TestSelfAssessment:
    """C-1001 before the verdicts are shown: the header's first line ends in the status "final",
    its second says "score yourself first (p/f/n), then v shows…" whole;
    every item has a dim ?? badge and only its points, "you PASS" on Greets and on Offers more
    help, "you ––" on the others; the transcript on the left, the timeline without item marks,
    and "⏸ 0:00 / 0:12 · 1×" below."""

    def test_blind(self, snap_compare, service: AgentReplayService) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(_app(service), terminal_size=SIZE, run_before=settle)


class TestVerdictsSideBySide:
    """After pressing v: the title shows "score 72.7 · final", the timeline a ✓ at the greeting;
    Greets PASS 20/20 with "you PASS" and its quote; Offers more help FAIL 0/15 with "you PASS"
    and an orange "differs" tag, its reason, and the green coaching hint "Tip: Ask 'is there
    anything else I can help you with' before you say goodbye."; both panes full height."""

    def test_revealed(self, snap_compare, service: AgentReplayService) -> None:  # type: ignore[no-untyped-def]
        service.reveal(1)
        assert snap_compare(_app(service), terminal_size=SIZE, run_before=settle)
