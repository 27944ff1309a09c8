"""The core tables: agents, calls, transcripts, rubrics, scorecards, reviews, samples, audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    Text,
    text,
)
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, in UTC (every stored time is UTC)."""
    return datetime.now(UTC)


def _time(index: bool = False, nullable: bool = False) -> Any:
    return Field(
        default=None, sa_column=Column(DateTime(timezone=True), index=index, nullable=nullable)
    )


def _json(default: Any) -> Any:
    return Field(default_factory=lambda: default.copy(), sa_column=Column(JSON, nullable=False))


def _fk(target: str, index: bool = True, nullable: bool = False) -> Any:
    return Field(
        default=None,
        sa_column=Column(ForeignKey(target, ondelete="CASCADE"), index=index, nullable=nullable),
    )


class AgentRow(SQLModel, table=True):
    """One agent of agents.toml."""

    __tablename__ = "agents"

    id: str = Field(primary_key=True)
    name: str
    aliases: list[str] = _json([])
    login: str = Field(default="", index=True)
    team: str = Field(default="", index=True)


class CallRow(SQLModel, table=True):
    """One registered recording: file identity, probe results, metadata and state."""

    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_status_agent", "status", "agent_id"),
        Index("ix_calls_agent_started", "agent_id", "started_at"),
        Index("ix_calls_call_time", text("coalesce(started_at, recorded_at)"), "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(sa_column=Column(Text, nullable=False, index=True))  # printable form
    path_raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False, unique=True))
    sha256: str = Field(default="", index=True)
    size: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    mtime_ns: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    inode: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    meta_stamp: str = ""  # fingerprint of the metadata sources last read
    readable: bool = Field(default=True, index=True)
    duration: float | None = Field(default=None, index=True)  # the queue filters by it
    channels: int | None = None
    sample_rate: int | None = None
    codec: str = ""
    problem: str = ""
    call_ref: str = Field(default="", index=True)  # the metadata call_id
    agent_id: str = Field(default="", index=True)
    started_at: datetime | None = _time(index=True, nullable=True)
    recorded_at: datetime | None = _time(index=True, nullable=True)  # file mtime
    queue: str = Field(default="", index=True)
    direction: str = ""
    offers: list[str] = _json([])
    extra: dict[str, Any] = _json({})
    status: str = Field(default="new", index=True)
    transcript_state: str = Field(default="pending", index=True)
    transcript_problem: str = ""
    # What the last failed transcription read (file or audio + engine): retried once it changes.
    transcript_input: str = Field(default="", sa_column_kwargs={"server_default": ""})
    current_scorecard_id: int | None = Field(default=None, index=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class TranscriptRow(SQLModel, table=True):
    """The transcript of one call (at most one; a new one replaces it)."""

    __tablename__ = "transcripts"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(
        sa_column=Column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True, nullable=False)
    )
    language: str = "en"
    duration: float = 0.0
    engine: str = ""
    extra: dict[str, Any] = _json({})
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class SegmentRow(SQLModel, table=True):
    """One segment of a transcript; words kept as JSON."""

    __tablename__ = "segments"

    id: int | None = Field(default=None, primary_key=True)
    transcript_id: int = _fk("transcripts.id")
    position: int
    start: float
    end: float
    speaker: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    confidence: float | None = None
    words: list[dict[str, Any]] = _json([])


class RubricRow(SQLModel, table=True):
    """The exact text of a rubric, stored once per content hash."""

    __tablename__ = "rubrics"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True)
    name: str
    version: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ScorecardRow(SQLModel, table=True):
    """One scoring of one call against one rubric; `version` guards concurrent reviews."""

    __tablename__ = "scorecards"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = _fk("calls.id")
    rubric_id: int = _fk("rubrics.id")
    pass_mark: float = 80.0
    call_meta: dict[str, Any] = _json({})
    gaps: list[dict[str, Any]] = _json([])  # untranscribed speech that left a verdict undecided
    score: float = 0.0
    auto_score: float = Field(default=0.0, index=True)  # the queue sorts by it
    passed: bool = False
    auto_fail: bool = False
    provisional: bool = Field(default=False, index=True)
    state: str = Field(default="automatic", index=True)  # automatic | in_review | final
    version: int = 1
    reviewed_by: str = ""
    # Denormalised from item_results so the review queue sorts and filters without a join.
    uncertain_count: int = Field(default=0, index=True)  # uncertain or pending items
    failed_count: int = Field(default=0, index=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ItemResultRow(SQLModel, table=True):
    """The verdict on one rubric item: the automatic one and the current (maybe overridden) one."""

    __tablename__ = "item_results"

    id: int | None = Field(default=None, primary_key=True)
    scorecard_id: int = _fk("scorecards.id")
    position: int
    item_id: str
    label: str = ""
    section: str = ""
    points: float = 10.0
    critical: bool = False
    auto_verdict: str
    verdict: str = Field(index=True)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    hint: str = Field(default="", sa_column=Column(Text, nullable=False))
    evidence: list[dict[str, Any]] = _json([])


class ReviewRow(SQLModel, table=True):
    """A supervisor's override of one item verdict (or of the whole scorecard's state)."""

    __tablename__ = "reviews"

    id: int | None = Field(default=None, primary_key=True)
    scorecard_id: int = _fk("scorecards.id")
    item_result_id: int | None = _fk("item_results.id", nullable=True)
    reviewer: str = Field(index=True)
    before: str = ""
    after: str = ""
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class CommentRow(SQLModel, table=True):
    """A comment on a call, optionally pinned to a time and an item."""

    __tablename__ = "comments"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = _fk("calls.id")
    scorecard_id: int | None = _fk("scorecards.id", nullable=True)
    item_id: str = ""
    author: str = Field(index=True)
    at_seconds: float | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class DisputeRow(SQLModel, table=True):
    """An agent's dispute of a scorecard or one item, and how it was resolved."""

    __tablename__ = "disputes"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = _fk("calls.id")
    scorecard_id: int | None = _fk("scorecards.id", nullable=True)
    item_id: str = ""
    raised_by: str = Field(index=True)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", index=True)  # open | upheld | rejected | acknowledged
    resolution: str = Field(default="", sa_column=Column(Text, nullable=False))
    resolved_by: str = ""
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    resolved_at: datetime | None = _time(nullable=True)


class SampleRow(SQLModel, table=True):
    """One sampling draw: its parameters and seed, so it can be reproduced."""

    __tablename__ = "samples"

    id: int | None = Field(default=None, primary_key=True)
    params: dict[str, Any] = _json({})
    seed: int = Field(sa_column=Column(BigInteger, nullable=False))
    drawn_by: str = ""
    drawn_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    population: dict[str, int] = _json({})
    open: bool = Field(default=True, index=True)


class SampleMemberRow(SQLModel, table=True):
    """A call drawn into a sample, with the stratum (agent) it was drawn from."""

    __tablename__ = "sample_members"

    sample_id: int = Field(
        sa_column=Column(ForeignKey("samples.id", ondelete="CASCADE"), primary_key=True)
    )
    call_id: int = Field(
        sa_column=Column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True, index=True)
    )
    stratum: str = Field(default="", index=True)
    position: int = 0


class AuditEventRow(SQLModel, table=True):
    """An append-only record of a change to a verdict, score, dispute or setting."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True),
    )
    actor: str = Field(index=True)
    action: str
    entity: str
    entity_id: str
    before: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
