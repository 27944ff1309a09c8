"""Keys and time for one review: the demo review of C-1002, driven through the real review UI.

Run in a workspace where `qa run` has scored the demo calls (a scratch copy: the review writes):
    python bench/review_keys.py [--workspace DIR] [--call C-1002] [--login root]

From the queue: go to the call and open it, hear each failed or uncertain item's evidence,
override one (with a typed reason), score each manual item, finalize and land on the next
call. Prints every key pressed (the typed reason counted apart), the count and the wall time.
Target (issue 16): at most 15 keys plus the reason, under 20 s scripted.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import miniaudio
from textual.pilot import Pilot

from qa.domain.scorecard import Verdict
from qa.pipeline.access.open_store import open_store
from qa.pipeline.playback import Player
from qa.pipeline.review.review import ReviewService
from qa.tui.app import create_app
from qa.tui.screens.call import CallScreen
from qa.tui.widgets.scorecard import ScorecardView
from qa.workspace import open_workspace

REASON = "said the business name at 0:01, the recogniser heard it as 'acne'"
LISTEN_SECONDS = 0.3  # how long each piece of evidence plays before the next key
CHECK = (Verdict.FAIL, Verdict.UNCERTAIN, Verdict.PENDING)  # what `]` stops on


class Keyboard:
    """Presses keys through Pilot and writes down each one."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot, self.typed = pilot, 0
        self.keys: list[str] = []

    async def press(self, *keys: str) -> None:
        """Press keys one at a time, letting the app settle after each."""
        for key in keys:
            self.keys.append(key)
            await self.pilot.press(key)
            await self.settle()

    async def type(self, text: str) -> None:
        """Type free text (a reason): counted apart from the keys."""
        self.typed += len(text)
        await self.pilot.press(*text)

    async def settle(self) -> None:
        """Let workers finish and their messages be handled."""
        for _ in range(3):
            await self.pilot.app.workers.wait_for_complete()
            await self.pilot.pause()


async def review_one(pilot: Pilot[None], keyboard: Keyboard, call_ref: str) -> int:
    """Open `call_ref` from the queue and review it; returns the db id of the call landed on."""
    await keyboard.settle()
    table = pilot.app.screen.query_one("#queue-table")
    steps = _row_of(pilot, call_ref) - table.cursor_row  # type: ignore[attr-defined]
    await keyboard.press(*["down" if steps > 0 else "up"] * abs(steps), "enter")
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen) and screen.detail is not None
    overridden, seen = False, set[str]()
    while (item := screen.query_one(ScorecardView).current_item()) is not None:
        if item.result.item_id in seen or item.result.verdict not in CHECK:
            break  # round the card once
        seen.add(item.result.item_id)
        if item.result.evidence:
            await keyboard.press("e")  # hear the evidence
            await asyncio.sleep(LISTEN_SECONDS)
        if item.result.verdict != Verdict.FAIL:
            await keyboard.press("p")  # decide an uncertain item; score a manual one
        elif not overridden:
            await keyboard.press("p")  # override one failed item: it asks why
            await keyboard.type(REASON)
            await keyboard.press("enter")
            overridden = True
        if screen.refusal("attention", ()):
            break  # nothing left to check
        await keyboard.press("right_square_bracket")
    await keyboard.press("N")
    landed = pilot.app.screen
    return landed.call_id if isinstance(landed, CallScreen) else -1


def _row_of(pilot: Pilot[None], call_ref: str) -> int:
    page = pilot.app.screen.page  # type: ignore[attr-defined]
    return next(i for i, r in enumerate(page.rows) if r.call_ref == call_ref)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path.cwd())
    parser.add_argument("--call", default="C-1002")
    parser.add_argument("--login", default="root")
    args = parser.parse_args()
    ws = open_workspace(args.workspace)
    with open_store(ws) as store:
        service = ReviewService.for_login(store, ws, args.login)
        app = create_app(service, Player(backends=[miniaudio.Backend.NULL]))

        async def run() -> tuple[Keyboard, int, float]:
            async with app.run_test(size=(120, 36)) as pilot:
                keyboard = Keyboard(pilot)
                started = time.perf_counter()
                landed = await review_one(pilot, keyboard, args.call)
                return keyboard, landed, time.perf_counter() - started

        keyboard, landed, seconds = asyncio.run(run())
        call = store.call(landed).meta.call_id if landed > 0 else "the queue"
        reviewed = next(c for c in store.calls() if c.meta.call_id == args.call)
        card = store.reviewed_card(reviewed.id)
    print(f"review of {args.call} as {args.login}: keys {' '.join(keyboard.keys)}")
    print(f"{len(keyboard.keys)} keys + a typed reason of {keyboard.typed} characters")
    print(f"wall time {seconds:.1f} s (evidence played {LISTEN_SECONDS} s each); landed on {call}")
    if card is not None:
        print(f"{args.call} is {card.state.value}, score {card.scorecard.score:g}")


if __name__ == "__main__":
    main()
