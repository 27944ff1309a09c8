"""The Store: the one door to the database, returning domain records (never table rows).

Each kind of record has its mixin in this package (calls.py, reviews.py, agent_store.py, ...);
the Store combines them all, so code above storage opens one Store and asks it everything.
"""

from __future__ import annotations

from qa.storage.agent_store import AgentReplayStore
from qa.storage.agents import AgentStore
from qa.storage.calibration_store import CalibrationStore
from qa.storage.calls import CallStore
from qa.storage.engine import make_engine
from qa.storage.export_queries import ExportQueries
from qa.storage.files import FileStore
from qa.storage.leases import LeaseStore
from qa.storage.metrics_store import MetricsStore
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
    AgentReplayStore,
    CalibrationStore,
    MetricsStore,
    LeaseStore,
    ExportQueries,
):
    """Agents, calls, transcripts, rubrics, scorecards, samples, reviews, disputes and agents'
    self-assessments, calibrations, call metrics, call leases, export reads and the audit log."""

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
