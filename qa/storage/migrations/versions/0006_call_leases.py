"""call leases: who has a call open in the review UI, each lease expiring on its own

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:30:00

A supervisor's call screen holds a lease on the call and renews it while open; a lease past
its expiry means nothing (a crashed terminal leaves no lock behind). Agents get no grant on
the table: who reviews a call is not theirs to see.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "call_leases" in sa.inspect(op.get_bind()).get_table_names():
        return  # idempotent: a database that has the table keeps it
    op.create_table(
        "call_leases",
        sa.Column(
            "call_id",
            sa.Integer(),
            sa.ForeignKey("calls.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("login", sa.String(), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_call_leases_expires_at", "call_leases", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_call_leases_expires_at", table_name="call_leases")
    op.drop_table("call_leases")
