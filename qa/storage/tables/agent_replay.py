"""Tables of what agents write and how their database roles map to them (migration 0005)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey
from sqlmodel import Field, SQLModel

from qa.storage.tables.tables import utcnow


class SelfAssessmentRow(SQLModel, table=True):
    """An agent's own verdict on one item of their call; kept apart from the official one."""

    __tablename__ = "self_assessments"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(
        sa_column=Column(ForeignKey("calls.id", ondelete="CASCADE"), index=True, nullable=False)
    )
    scorecard_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("scorecards.id", ondelete="CASCADE"), nullable=True),
    )
    item_id: str
    verdict: str
    login: str = Field(index=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class AgentRoleRow(SQLModel, table=True):
    """Which PostgreSQL role is which agent: row-level security policies read this."""

    __tablename__ = "agent_roles"

    role_name: str = Field(primary_key=True)
    login: str = Field(index=True)
    agent_id: str = Field(
        sa_column=Column(ForeignKey("agents.id", ondelete="CASCADE"), index=True, nullable=False)
    )
