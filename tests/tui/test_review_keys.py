"""A review at keyboard speed: items to check, finalize and next, refusals, conflicts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from qa.domain.review.review import CardState, ReviewedCard, ReviewedItem
from qa.domain.scorecard import ItemResult, Scorecard, Verdict
from qa.pipeline.review.leases import open_call, who_has_open
from qa.pipeline.review.next_steps import attention_items
from qa.storage.store import Store
from qa.tui.app import ReviewApp
from qa.tui.screens.call import CallScreen
from qa.tui.screens.reason import TextPrompt
from qa.tui.widgets.keybar import KeyBar
from qa.tui.widgets.scorecard import ScorecardView
from tests.tui.data import RUBRIC
from tests.tui.pilot import drive, settle
from tests.tui.test_call import highlight, open_first_call

REASON = "the agent said it plainly at 0:11, the recogniser missed the word 'help'"


def _current(pilot: Pilot[None]) -> str:
    item = pilot.app.screen.query_one(ScorecardView).current_item()
    assert item is not None
    return item.result.item_id


def _keys(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(KeyBar).render())


def _toasts(pilot: Pilot[None]) -> str:
    return " ".join(str(n.message) for n in pilot.app._notifications)


def test_the_call_opens_on_the_first_item_to_check_and_brackets_walk_them(
    app: ReviewApp,
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        assert _current(pilot) == "disclosure"  # greeting passed: skipped
        assert app.player.position == pytest.approx(2.6)  # cued to its evidence
        await pilot.press("right_square_bracket")
        assert _current(pilot) == "closing"
        await pilot.press("right_square_bracket")
        assert _current(pilot) == "demeanor"
        await pilot.press("right_square_bracket")
        assert _current(pilot) == "disclosure"  # wraps round
        assert app.player.position == pytest.approx(2.6)
        await pilot.press("left_square_bracket")
        assert _current(pilot) == "demeanor"

    drive(app, flow)


def test_the_items_to_check_come_in_the_order_the_scorecard_shows_them() -> None:
    """A "Conduct" item after "Closing" in the rubric is shown (and walked) with its section."""
    rows = [
        ("greeting", "Opening", Verdict.FAIL),
        ("courtesy", "Conduct", Verdict.PASS),
        ("closing", "Closing", Verdict.FAIL),
        ("demeanor", "Conduct", Verdict.UNCERTAIN),
    ]
    items = tuple(ItemResult(i, i.title(), section, v, 10) for i, section, v in rows)
    reviewed = tuple(ReviewedItem(result=r, auto_verdict=r.verdict) for r in items)
    card = ReviewedCard(
        id=1,
        version=1,
        state=CardState.AUTOMATIC,
        reviewed_by="",
        auto_score=0.0,
        scorecard=Scorecard(rubric=RUBRIC, items=items),
        items=reviewed,
    )
    assert attention_items(card) == ["greeting", "demeanor", "closing"]


def test_finalize_and_next_opens_the_next_call_waiting_in_the_queue(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await pilot.press("p")  # disclosure: uncertain → pass, no reason needed
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")  # closing, demeanor
        assert _current(pilot) == "demeanor"
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        card = store.reviewed_card(filled["C-1001"])
        assert card is not None and card.state == CardState.FINAL
        screen = pilot.app.screen
        assert isinstance(screen, CallScreen) and screen.call_id == filled["C-1002"]
        await pilot.press("N")  # C-1002 passed everything: final, and no other call waits
        await settle(pilot)
        assert not isinstance(pilot.app.screen, CallScreen)
        assert "No other call" in _toasts(pilot)

    drive(app, flow)


def test_keys_that_cannot_apply_are_hidden_and_refuse_before_any_prompt(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        assert "Reopen" not in _keys(pilot) and "Final+next" not in _keys(pilot)
        await pilot.press("N")  # demeanor is still to do
        await settle(pilot)
        assert "Cannot finalize" in _toasts(pilot) and pilot.app.screen is screen
        for item_id in ("disclosure", "demeanor"):
            await highlight(pilot, item_id)
            await pilot.press("p")
            await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert "Reopen" in _keys(pilot)
        assert "Pass" not in _keys(pilot) and "Fail" not in _keys(pilot)
        await highlight(pilot, "greeting")
        await pilot.press("f")  # would be an override: no "Override…" prompt on a final card
        await pilot.pause()
        assert not isinstance(pilot.app.screen, TextPrompt)
        assert "final; R reopens it" in _toasts(pilot)
        await pilot.press("R")  # reopen asks why
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextPrompt)

    drive(app, flow)


def test_brackets_on_a_final_card_suggest_only_keys_that_work(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        for item_id in ("disclosure", "demeanor"):
            await highlight(pilot, item_id)
            await pilot.press("p")
            await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        said = _toasts(pilot)
        assert "N finalizes" not in said
        assert "final" in said and "R reopens" in said

    drive(app, flow)


def test_the_verdict_an_item_already_has_writes_nothing_and_says_so(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        before = store.reviewed_card(filled["C-1001"])
        await highlight(pilot, "greeting")  # passed automatically
        await pilot.press("p")
        await settle(pilot)
        after = store.reviewed_card(filled["C-1001"])
        assert before is not None and after is not None
        assert after.version == before.version
        assert "already pass" in _toasts(pilot) and "saved" not in _toasts(pilot)

    drive(app, flow)


def test_messages_name_items_by_the_title_the_scorecard_shows(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await pilot.press("N")  # disclosure and demeanor are still open
        await settle(pilot)
        said = _toasts(pilot)
        await highlight(pilot, "disclosure")
        await pilot.press("p")
        await settle(pilot)
        said += _toasts(pilot)  # toasts fade: read each as it comes
        await pilot.pause(3.5)  # one poll takes the call as shown
        card = store.reviewed_card(filled["C-1001"])
        assert card is not None
        store.set_item_verdict(
            card.id, "demeanor", Verdict.PASS, expected_version=card.version, actor="lena"
        )
        await pilot.pause(3.5)
        await settle(pilot)
        said += _toasts(pilot)
        assert "Friendly tone" in said and "Recording disclosure: pass" in said
        assert "lena set Friendly tone to pass" in said
        assert "demeanor" not in said, said

    drive(app, flow)


def test_a_conflict_keeps_the_cursor_and_the_typed_reason_and_names_who(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        card = store.reviewed_card(filled["C-1001"])
        assert card is not None
        store.set_item_verdict(
            card.id, "disclosure", Verdict.PASS, expected_version=card.version, actor="lena"
        )
        await highlight(pilot, "closing")
        await pilot.press("p")  # closing: auto fail → pass needs a reason
        await pilot.pause()
        await pilot.press(*REASON, "enter")
        await settle(pilot)
        assert _current(pilot) == "closing"  # the cursor stayed
        said = _toasts(pilot)
        assert "lena" in said and "disclosure" in said and "reason" in said and "kept" in said
        await pilot.press("p")
        await pilot.pause()
        prompt = pilot.app.screen
        assert isinstance(prompt, TextPrompt) and prompt.value == REASON
        await pilot.press("enter")
        await settle(pilot)
        saved = store.reviewed_card(filled["C-1001"])
        assert saved is not None and saved.item("closing").override_reason == REASON

    drive(app, flow)


def test_a_conflict_with_a_card_now_final_does_not_say_apply_yours_again(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        card = store.reviewed_card(filled["C-1001"])
        assert card is not None
        version = card.version
        for item_id in ("disclosure", "demeanor"):
            version = store.set_item_verdict(
                card.id, item_id, Verdict.PASS, expected_version=version, actor="lena"
            )
        store.finalize_card(card.id, expected_version=version, actor="lena")
        await highlight(pilot, "closing")
        await pilot.press("f")  # the screen still shows the card open: the key is offered
        await settle(pilot)
        said = _toasts(pilot)
        assert "lena" in said and "final" in said and "R reopens" in said
        assert "apply yours again" not in said

    drive(app, flow)


def test_escape_over_a_typed_reason_asks_once_before_discarding_it(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        await open_first_call(pilot)
        await highlight(pilot, "closing")
        await pilot.press("p", *"half a reason", "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextPrompt)  # not lost on one Esc
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CallScreen)

    drive(app, flow)


def test_a_whole_review_takes_at_most_15_keys_plus_the_reason(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    """bench/review_keys.py's review (hear, override with a reason, score, finalize, next)."""
    path = Path(__file__).parents[2] / "bench" / "review_keys.py"
    spec = importlib.util.spec_from_file_location("review_keys", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    landed: list[int] = []
    keyboard: list[object] = []

    async def flow(pilot: Pilot[None]) -> None:
        keys = bench.Keyboard(pilot)
        keyboard.append(keys)
        landed.append(await bench.review_one(pilot, keys, "C-1001"))

    drive(app, flow, size=(120, 36))
    keys = keyboard[0]
    assert len(keys.keys) <= 15 and keys.typed > 0  # type: ignore[attr-defined]
    card = store.reviewed_card(filled["C-1001"])
    assert card is not None and card.state == CardState.FINAL
    assert card.item("closing").override_reason == bench.REASON
    assert landed == [filled["C-1002"]]


def test_the_call_screen_names_another_supervisor_on_the_same_call(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    call = filled["C-1001"]
    open_call(store, call, "lena")

    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        assert "lena also on this call" in str(screen.query_one("#call-title").render())
        assert who_has_open(store, [call], "lena") == {call: ["maria"]}
        await pilot.press("escape")
        await settle(pilot)
        assert who_has_open(store, [call], "lena") == {}  # released on leaving

    drive(app, flow)


def _label_background(view: ScorecardView, label: str) -> object:
    size = view.outer_size
    for strip in view.render_lines(Region(0, 0, size.width, size.height)):
        for segment in strip:
            if label in segment.text and segment.style is not None:
                return segment.style.bgcolor
    raise AssertionError(f"{label!r} is not on screen")


def test_the_cursor_stands_out_on_a_failed_item(app: ReviewApp) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        view = screen.query_one(ScorecardView)
        await highlight(pilot, "protection_offer")
        plain = _label_background(view, "Closes the call")  # a FAIL item without the cursor
        await highlight(pilot, "closing")
        await settle(pilot)
        under_cursor = _label_background(view, "Closes the call")
        badge = _label_background(view, "FAIL")
        assert under_cursor != plain
        assert badge not in (plain, under_cursor)  # only the badge is red

    drive(app, flow, size=(120, 36))


def test_another_supervisors_change_shows_without_a_key_and_says_who(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        await highlight(pilot, "closing")
        await pilot.pause(3.5)  # one poll takes the call as shown
        card = store.reviewed_card(filled["C-1001"])
        assert card is not None
        store.set_item_verdict(
            card.id, "disclosure", Verdict.PASS, expected_version=card.version, actor="lena"
        )
        await pilot.pause(3.5)
        await settle(pilot)
        assert screen.detail is not None and screen.detail.card is not None
        assert screen.detail.card.item("disclosure").result.verdict == Verdict.PASS
        assert "lena" in _toasts(pilot) and _current(pilot) == "closing"

    drive(app, flow)
