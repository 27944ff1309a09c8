"""Driving the app with Textual's Pilot from plain (synchronous) pytest tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from textual.app import App
from textual.pilot import Pilot

Flow = Callable[[Pilot[None]], Awaitable[None]]


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their messages be handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def drive(app: App[None], flow: Flow, size: tuple[int, int] = (80, 24)) -> None:
    """Run the app headless, wait for the first screen, then run `flow` against it."""

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await flow(pilot)

    asyncio.run(run())
