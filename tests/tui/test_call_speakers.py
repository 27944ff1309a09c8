"""The call screen's swap-speakers key on a mono call separated by voice."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from qa.domain.scorecard import Verdict
from qa.storage.store import Store
from tests.pipeline.transcription.test_speakers_swap import WRONG, _call
from tests.tui.conftest import silent_app
from tests.tui.pilot import drive, settle


def test_one_key_swaps_the_speakers_and_the_call_is_rescored(store: Store, tmp_path: Path) -> None:
    call_id = _call(store, tmp_path, WRONG)
    app = silent_app(store, "maria")

    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        title = str(pilot.app.screen.query_one("#call-title", Static).render())
        assert "speakers separated automatically (confidence 0.90)" in title
        await pilot.press("S")
        await settle(pilot)
        title = str(pilot.app.screen.query_one("#call-title", Static).render())
        assert "roles set by maria" in title

    drive(app, flow, size=(160, 30))
    card = store.scorecard(call_id)
    assert card is not None and card.items[0].verdict == Verdict.PASS
    assert [e["action"] for e in store.audit_events("call", str(call_id))] == ["swap_speakers"]
