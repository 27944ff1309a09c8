"""calibration: sessions, blind assignments of calls to supervisors, and their verdicts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [target], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "calibrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("supervisors", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("sample_id", "samples.id"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_calibrations_sample_id", "calibrations", ["sample_id"])
    op.create_table(
        "calibration_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calibration_id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("supervisor", sa.String(), nullable=False),
        _fk("calibration_id", "calibrations.id"),
        _fk("call_id", "calls.id"),
        _fk("scorecard_id", "scorecards.id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("calibration_id", "call_id", "supervisor"),
    )
    for column in ("calibration_id", "call_id", "scorecard_id", "supervisor"):
        op.create_index(f"ix_calibration_assignments_{column}", "calibration_assignments", [column])
    op.create_table(
        "calibration_verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk("assignment_id", "calibration_assignments.id"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assignment_id", "item_id"),
    )
    op.create_index(
        "ix_calibration_verdicts_assignment_id", "calibration_verdicts", ["assignment_id"]
    )


def downgrade() -> None:
    op.drop_table("calibration_verdicts")
    op.drop_table("calibration_assignments")
    op.drop_table("calibrations")
