"""The Store: the one door to the database, returning domain records (never table rows)."""

from __future__ import annotations

from qa.storage.agents import AgentStore
from qa.storage.calls import CallStore
from qa.storage.engine import make_engine
from qa.storage.files import FileStore
from qa.storage.migrate import upgrade
from qa.storage.queue import QueueStore
from qa.storage.rescores import RescoreStore
from qa.storage.reviews import ReviewStore
from qa.storage.samples import SampleStore
from qa.storage.scorecards import ScorecardStore
from qa.storage.transcripts import TranscriptStore


class Store(
    AgentStore,
    CallStore,
    FileStore,
    TranscriptStore,
    ScorecardStore,
    SampleStore,
    QueueStore,
    ReviewStore,
    RescoreStore,
):
    """Agents, calls, transcripts, rubrics, scorecards, samples and the audit log."""

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to `url` (SQLite file or PostgreSQL) and bring its schema up to date."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
