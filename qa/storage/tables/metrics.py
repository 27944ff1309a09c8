"""The call metrics table: one JSON row per call (migration 0002)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey
from sqlmodel import Field, SQLModel

from qa.storage.tables.tables import utcnow


class CallMetricsRow(SQLModel, table=True):
    """The metrics of one call (migration 0002); `computed_at` tells stale from fresh."""

    __tablename__ = "call_metrics"

    call_id: int = Field(
        sa_column=Column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    )
    source: str = ""  # "audio" or "transcript"
    metrics: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    computed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
