"""`--wait DURATION` of the commands that hold the run lock: wait for another run, then go."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from qa.cli.app import err_console

if TYPE_CHECKING:
    from qa.pipeline.runs.one_run import Store

WaitOption = Annotated[
    str | None,
    typer.Option(
        "--wait",
        metavar="DURATION",
        help="When another run holds the database, wait up to DURATION for it (600, 90s, 30m, "
        "2h) instead of stopping at once; still busy then: exit 2 as without it.",
    ),
]


def run_lock(store: Store, command: str, wait: str | None) -> AbstractContextManager[None]:
    """The run lock for `command`, waited for as `--wait` says; the wait is told on stderr."""
    from qa.pipeline.runs.one_run import exclusive, wait_seconds

    seconds = wait_seconds(wait) if wait is not None else 0.0
    return exclusive(store, command, seconds, _say)


def _say(line: str) -> None:
    err_console.print(escape(line), soft_wrap=True, highlight=False)  # one line, even if long
