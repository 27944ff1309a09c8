"""The call leases table: which login has which call open until when (migration 0006)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table
from sqlmodel import SQLModel

LEASES = Table(
    "call_leases",
    SQLModel.metadata,
    Column("call_id", Integer, ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("login", String, primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)  # plain SQLAlchemy: leases are read and written as rows, never as domain records
