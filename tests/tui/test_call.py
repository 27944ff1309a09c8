"""The call screen: evidence jumps, overrides with reasons, comments, finalize, and conflicts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from qa.domain.review.review import CardState
from qa.domain.scorecard import Verdict
from qa.storage.store import Store
from qa.tui.app import ReviewApp
from qa.tui.screens.call import CallScreen
from qa.tui.screens.reason import TextPrompt
from qa.tui.widgets.scorecard import ScorecardView
from qa.tui.widgets.transcript import TranscriptView
from tests.tui.conftest import silent_app
from tests.tui.data import fill
from tests.tui.pilot import drive, settle


async def open_first_call(pilot: Pilot[None]) -> CallScreen:
    """Open C-1001 from the queue and wait until its audio is decoded."""
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen)
    return screen


async def highlight(pilot: Pilot[None], item_id: str) -> None:
    """Move the scorecard's highlight to an item."""
    view = pilot.app.screen.query_one(ScorecardView)
    view.highlighted = view.get_option_index(item_id)
    await pilot.pause()


def _item(store: Store, call_id: int, item_id: str):  # type: ignore[no-untyped-def]
    card = store.reviewed_card(call_id)
    assert card is not None
    return card, card.item(item_id)


def test_selecting_an_item_scrolls_to_its_evidence_and_seeks_there(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        await highlight(pilot, "protection_offer")
        assert screen.query_one(TranscriptView).highlighted == 3  # "...device protection"
        assert app.player.position == pytest.approx(7.2)
        assert "0:07 / 0:12" in str(screen.query_one("#player-status", Static).render())
        await pilot.press("e")  # jump to evidence and play from there
        assert app.player.playing
        await pilot.pause(0.5)
        assert app.player.position > 7.2
        await pilot.press("space")
        assert not app.player.playing

    drive(app, flow)


def test_an_override_asks_for_a_reason_and_is_saved_at_once(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await highlight(pilot, "closing")
        await pilot.press("p")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # an empty reason is refused
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"closed at 0:10", "enter")
        await settle(pilot)
        card, closing = _item(store, filled["C-1001"], "closing")
        assert closing.result.verdict == Verdict.PASS and closing.auto_verdict == Verdict.FAIL
        assert closing.override_reason == "closed at 0:10" and closing.reviewer == "maria"
        events = store.audit_events("scorecard", str(card.id))
        assert [(e["actor"], e["reason"]) for e in events] == [("maria", "closed at 0:10")]
        title = str(app.screen.query_one("#call-title", Static).render())
        # over the decided items, with the range the open ones leave (a critical one: from 0)
        assert "score 100 (0–100), auto 70" in title

    drive(app, flow)


def test_escape_cancels_an_override(app: ReviewApp, store: Store, filled: dict[str, int]) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await highlight(pilot, "greeting")
        await pilot.press("f", "escape")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        assert _item(store, filled["C-1001"], "greeting")[1].result.verdict == Verdict.PASS

    drive(app, flow)


def test_finalize_after_every_item_is_decided(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await pilot.press("F")  # refused: disclosure uncertain, demeanor pending
        await settle(pilot)
        assert _item(store, filled["C-1001"], "greeting")[0].state == CardState.AUTOMATIC
        for item_id in ("disclosure", "demeanor"):
            await highlight(pilot, item_id)
            await pilot.press("p")  # resolving an open item needs no reason
            await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        card, _ = _item(store, filled["C-1001"], "greeting")
        assert card.state == CardState.FINAL and card.reviewed_by == "maria"
        assert card.scorecard.score == pytest.approx(78.6)  # 55 of 70 points, recomputed
        assert store.call(filled["C-1001"]).status == "final"
        await pilot.press("R", *"agent disputed", "enter")
        await settle(pilot)
        assert _item(store, filled["C-1001"], "greeting")[0].state == CardState.IN_REVIEW

    drive(app, flow)


def test_comments_on_an_item_and_on_the_call(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await highlight(pilot, "greeting")
        await pilot.press("c", *"say the name slower", "enter")
        await settle(pilot)
        await pilot.press("C", *"good call", "enter")
        await settle(pilot)
        comments = store.comments(filled["C-1001"])
        assert [(c.item_id, c.text) for c in comments] == [
            ("greeting", "say the name slower"),
            ("", "good call"),
        ]

    drive(app, flow)


def test_two_supervisors_on_one_call_never_overwrite_each_other(
    database_url: str, tmp_path: Path
) -> None:
    first, second = Store.open(database_url), Store.open(database_url)
    ids = fill(first, tmp_path)
    maria, tom = silent_app(first, "maria"), silent_app(second, "tom")

    async def tom_saves_late(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)  # tom has the card open at version 1
        await asyncio.to_thread(drive, maria, maria_saves)  # meanwhile maria changes it
        await highlight(pilot, "greeting")
        await pilot.press("f", *"no name heard", "enter")
        await settle(pilot)
        card, greeting = _item(second, ids["C-1001"], "greeting")
        assert greeting.result.verdict == Verdict.PASS  # tom's change was not written
        assert card.item("closing").result.verdict == Verdict.PASS  # maria's stays
        assert screen.detail is not None and screen.detail.card == card  # tom now sees it
        shown = screen.query_one(ScorecardView).card
        assert shown is not None and shown.item("closing").reviewer == "maria"

    async def maria_saves(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await highlight(pilot, "closing")
        await pilot.press("p", *"closed politely", "enter")
        await settle(pilot)

    try:
        drive(tom, tom_saves_late)
    finally:
        first.close()
        second.close()
