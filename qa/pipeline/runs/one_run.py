"""One run at a time: `qa run`, `ingest`, `transcribe` and `score` hold the database's run lock,
and with `--wait` a second one waits for the first instead of refusing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from qa.errors import BadInputError
from qa.storage.run_lock import Holder, one_run
from qa.storage.store import Store

__all__ = ["EXCLUSIVE", "Store", "exclusive", "wait_seconds", "waiting_line"]  # Store: for typing

EXCLUSIVE = ("run", "ingest", "transcribe", "score")  # commands that write calls in bulk
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}
WAIT_EXAMPLES = "600, 90s, 30m or 2h"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smh]?)")


def wait_seconds(text: str) -> float:
    """How long `--wait DURATION` waits: seconds, or a number with s, m or h."""
    found = _DURATION.fullmatch(text.strip().lower())
    if found is None:
        raise BadInputError(
            f"--wait {text!r} is not a duration.", hint=f"Give seconds or a unit: {WAIT_EXAMPLES}."
        )
    return float(found[1]) * UNIT_SECONDS[found[2]]


def waiting_line(holder: Holder | None, until: datetime) -> str:
    """What a run that waits for the lock says, once per run it waits behind."""
    who = f" ({holder.describe()})" if holder else ""
    return f"Waiting for the run in progress{who} to finish; giving up at {until:%H:%M}."


@contextmanager
def exclusive(
    store: Store, command: str, wait: float = 0.0, tell: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the run lock for `command`. Another run holding it: wait up to `wait` seconds,
    telling `tell` whom it waits for, then say who runs (RunInProgressError)."""
    until = datetime.now() + timedelta(seconds=wait)

    def waiting(holder: Holder | None) -> None:
        if tell is not None:
            tell(waiting_line(holder, until))

    with one_run(store.engine, command, wait, waiting):
        yield
