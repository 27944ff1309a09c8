"""Tables of calibration sessions: assignments of calls to supervisors and their blind verdicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, UniqueConstraint
from sqlmodel import Field, SQLModel

from qa.storage.tables.tables import utcnow


def _fk(target: str) -> Any:
    return Field(
        sa_column=Column(ForeignKey(target, ondelete="CASCADE"), nullable=False, index=True)
    )


class CalibrationRow(SQLModel, table=True):
    """One calibration session over a sample (migration 0004)."""

    __tablename__ = "calibrations"

    id: int | None = Field(default=None, primary_key=True)
    sample_id: int = _fk("samples.id")
    created_by: str = ""
    supervisors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class CalibrationAssignmentRow(SQLModel, table=True):
    """One call given to one supervisor, with the scorecard whose automatic verdicts it checks."""

    __tablename__ = "calibration_assignments"
    __table_args__ = (UniqueConstraint("calibration_id", "call_id", "supervisor"),)

    id: int | None = Field(default=None, primary_key=True)
    calibration_id: int = _fk("calibrations.id")
    call_id: int = _fk("calls.id")
    scorecard_id: int = _fk("scorecards.id")
    supervisor: str = Field(index=True)


class CalibrationVerdictRow(SQLModel, table=True):
    """A supervisor's blind verdict on one item of an assigned call (a new one replaces it)."""

    __tablename__ = "calibration_verdicts"
    __table_args__ = (UniqueConstraint("assignment_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = _fk("calibration_assignments.id")
    item_id: str
    verdict: str
    recorded_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
