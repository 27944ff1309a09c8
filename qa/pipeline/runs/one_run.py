"""One run at a time: `qa run`, `ingest`, `transcribe` and `score` hold the database's run lock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from qa.storage.run_lock import one_run
from qa.storage.store import Store

EXCLUSIVE = ("run", "ingest", "transcribe", "score")  # commands that write calls in bulk


@contextmanager
def exclusive(store: Store, command: str) -> Iterator[None]:
    """Hold the run lock for `command`; a second run is told who runs (RunInProgressError)."""
    with one_run(store.engine, command):
        yield
