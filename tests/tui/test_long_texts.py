"""Nothing a person wrote is cut off: every reason, comment and dispute can be read whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import OptionList

from qa.storage.store import Store
from tests.tui.conftest import silent_app
from tests.tui.long_texts import CALL_NOTE, REASON, TAILS, fill_long_texts
from tests.tui.pilot import drive, settle
from tests.tui.test_call import open_first_call

SIZES = [(80, 24), (120, 36)]


def visible_text(view: OptionList) -> str:
    """The words the pane shows now, with borders and line breaks taken out."""
    size = view.outer_size
    strips = view.render_lines(Region(0, 0, size.width, size.height))
    words = " ".join(strip.text.strip(" │╭╮╰╯─▁▇█▔") for strip in strips)
    return " ".join(words.split())


async def _shown_after(pilot: Pilot[None], view: OptionList, keys: tuple[str, ...]) -> str:
    await pilot.press(*keys)
    await settle(pilot)
    return visible_text(view)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_the_last_line_of_every_long_text_can_be_brought_on_screen(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'long.db'}")
    fill_long_texts(store, tmp_path)
    seen: dict[str, bool] = {}

    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        view = screen.query_one("#scorecard", OptionList)
        await pilot.press("home")
        shown = visible_text(view)
        for _ in range(view.option_count + 2):  # walk every item to the end with ↓
            for tail in ("reasontail", "commenttail", "disputetail", "calltail"):
                seen[tail] = seen.get(tail, False) or tail in shown
            shown = await _shown_after(pilot, view, ("down",))

    drive(silent_app(store), flow, size=size)
    assert seen == dict.fromkeys(("reasontail", "commenttail", "disputetail", "calltail"), True)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_texts_typed_while_the_call_is_open_keep_every_line(
    store: Store, filled: dict[str, int], size: tuple[int, int]
) -> None:
    """A reason and a comment typed in make the pane scroll: no item loses its last line."""
    seen: set[str] = set()

    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        view = screen.query_one("#scorecard", OptionList)
        await pilot.press("home", "down", "down", "down", "p")  # greeting → closing; override
        await pilot.pause()
        await pilot.press(*REASON, "enter")
        await settle(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press(*CALL_NOTE, "enter")
        await settle(pilot)
        await pilot.press("home")
        shown = visible_text(view)
        for _ in range(view.option_count + 2):
            seen.update(t for t in (*TAILS, "threshold 85", "not heard") if t in shown)
            shown = await _shown_after(pilot, view, ("down",))

    drive(silent_app(store), flow, size=size)
    assert {"reasontail", "calltail", "threshold 85", "not heard"} <= seen


def test_back_on_the_first_item_its_section_heading_shows_too(
    store: Store, filled: dict[str, int]
) -> None:
    async def flow(pilot: Pilot[None]) -> None:
        screen = await open_first_call(pilot)
        view = screen.query_one("#scorecard", OptionList)
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        assert visible_text(view).startswith("Opening")

    drive(silent_app(store), flow, size=(80, 24))
