"""The queue tells the truth: call ids, agents by name, the current score (final or marked
provisional), open items counted by kind, calls that cannot be reviewed yet, and bad filters."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static

from qa.domain.scorecard import Verdict
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from qa.tui.app import ReviewApp
from qa.tui.screens.queue import QueueScreen
from qa.tui.widgets.queue_table import QueueTable
from tests.tui.conftest import silent_app
from tests.tui.pilot import drive, settle


def _rows(app: ReviewApp) -> dict[str, dict[str, str]]:
    """Each row's cells by column heading, keyed by call id."""
    table = app.screen.query_one(QueueTable)
    headings = [c.heading for c in table.columns]
    return {
        row[0].text: dict(zip(headings, (c.text for c in row), strict=True)) for row in table.rows
    }


def _status(app: ReviewApp) -> str:
    return str(app.screen.query_one("#queue-status", Static).render())


def test_rows_show_call_id_agent_name_and_open_items_by_kind(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        first = _rows(app)["C-1001"]
        assert first["Agent"] == "Sarah Kim"
        # one uncertain item (disclosure) and one pending manual item (demeanor), apart
        assert (first["Unc"], first["Pend"], first["Fail"]) == ("1", "1", "1")
        assert first["Score"].startswith("~")  # automatic, not final: provisional
        assert "provisional" in _status(app)

    drive(app, flow)


def test_a_finalized_call_shows_its_final_score(store: Store, filled: dict[str, int]) -> None:
    service = ReviewService(store, "maria")
    call_id = filled["C-1001"]
    card = service.card(call_id)
    for item_id in ("disclosure", "demeanor"):
        card = service.set_verdict(call_id, card, item_id, Verdict.PASS)
    card = service.set_verdict(call_id, card, "closing", Verdict.PASS, reason="heard it at 10.2s")
    service.finalize(call_id, card)

    async def flow(pilot: Pilot[None]) -> None:
        first = _rows(pilot.app)["C-1001"]  # type: ignore[arg-type]
        assert first["Score"] == "100" and first["Status"] == "final"

    drive(silent_app(store), flow)


def test_an_unsampled_call_is_labelled_and_does_not_open(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        assert _rows(app)["C-1003"]["Status"] == "unsampled"
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert "C-1003 is not in a review sample" in _status(app)
        assert "qa sample" in _status(app)

    drive(app, flow)


def test_a_sampled_call_not_scored_yet_says_what_to_run(
    store: Store, filled: dict[str, int]
) -> None:
    store.save_sample({"count": 1}, 7, "maria", {"sarah.k": 2}, [(filled["C-1003"], "sarah.k")])

    async def flow(pilot: Pilot[None]) -> None:
        assert _rows(pilot.app)["C-1003"]["Status"] == "unscored"  # type: ignore[arg-type]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        assert "C-1003 is not scored yet" in _status(pilot.app)  # type: ignore[arg-type]

    drive(silent_app(store), flow)


def test_one_call_is_one_call(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"C-1002", "enter")
        await settle(pilot)
        title = str(app.screen.query_one("#queue-title", Static).render())
        assert title.endswith("· 1 call")

    drive(app, flow)


def test_unknown_filter_terms_are_answered_with_what_is_valid(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"status:bogus", "enter")
        await settle(pilot)
        assert "status:bogus is not a review status" in _status(app)
        assert "new, in_review, final, disputed" in _status(app)
        await pilot.press("ctrl+u", *"stauts:new", "enter")
        await settle(pilot)
        assert "stauts:new is not a filter" in _status(app)
        assert "Did you mean status:new?" in _status(app)
        await pilot.press("ctrl+u", *"agent:nobody", "enter")
        await settle(pilot)
        assert "agent:nobody is not an agent with calls" in _status(app)
        assert "sarah.k" in _status(app) and "tom.b" in _status(app)
        await pilot.press("ctrl+u", *"agent:Tom", "enter")  # a first name finds the agent
        await settle(pilot)
        assert list(_rows(app)) == ["C-1002"]

    drive(app, flow)
