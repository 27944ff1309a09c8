"""The scorecard says what it means: sections once in rubric order, N/A as "n/a", and verdict
changes in a person's words."""

from __future__ import annotations

from textual.pilot import Pilot

from qa.domain.scorecard import ItemResult, Scorecard, Verdict
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from qa.tui.widgets.scorecard import ScorecardView
from tests.tui.conftest import silent_app
from tests.tui.data import RUBRIC
from tests.tui.pilot import drive, settle

SPLIT = Scorecard(
    rubric=RUBRIC,
    items=(
        ItemResult("greeting", "Greets", "Opening", Verdict.PASS, 20),
        ItemResult("courtesy", "No prohibited phrases", "Conduct", Verdict.PASS, 10),
        ItemResult("closing", "Closes the call", "Closing", Verdict.NA, 15, reason="not asked"),
        ItemResult("demeanor", "Friendly tone", "Conduct", Verdict.PENDING, 10),
        ItemResult("recap", "Recaps the order", "Closing", Verdict.FAIL, 10),
    ),
)


def _lines(view: ScorecardView) -> list[str]:
    return [str(view.get_option_at_index(i).prompt) for i in range(view.option_count)]


def test_sections_once_in_rubric_order_na_and_changes_in_words(
    store: Store, filled: dict[str, int]
) -> None:
    call_id = filled["C-1002"]
    store.save_scorecard(call_id, SPLIT)
    service = ReviewService(store, "maria")
    card = service.card(call_id)
    card = service.set_verdict(call_id, card, "demeanor", Verdict.PASS)
    service.set_verdict(call_id, card, "recap", Verdict.PASS, reason="recapped at 0:58")

    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("down", "enter")  # C-1002
        await settle(pilot)
        lines = _lines(pilot.app.screen.query_one(ScorecardView))
        headings = [line for line in lines if "\n" not in line and line in {
            "Opening", "Conduct", "Closing"}]  # fmt: skip
        assert headings == ["Opening", "Conduct", "Closing"]  # Conduct once, before Closing
        text = "\n".join(lines)
        closing = next(line for line in lines if "Closes the call" in line)
        assert "n/a" in closing and "0/15" not in closing
        demeanor = next(line for line in lines if "Friendly tone" in line)
        assert "Scored pass by maria" in demeanor and "auto" not in demeanor
        recap = next(line for line in lines if "Recaps the order" in line)
        assert "Changed from fail to pass by maria: recapped at 0:58" in recap
        assert "TODO changed" not in text

    drive(silent_app(store), flow, size=(120, 36))
