"""review queue: item counts on scorecards, and indexes the queue sorts by

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COUNTS = {
    "uncertain_count": "verdict IN ('uncertain', 'pending')",
    "failed_count": "verdict = 'fail'",
}


def upgrade() -> None:
    with op.batch_alter_table("scorecards", schema=None) as batch_op:
        for column in COUNTS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=False, server_default="0"))
            batch_op.create_index(f"ix_scorecards_{column}", [column], unique=False)
        batch_op.create_index("ix_scorecards_auto_score", ["auto_score"], unique=False)
    for column, condition in COUNTS.items():
        op.execute(
            f"UPDATE scorecards SET {column} = (SELECT count(*) FROM item_results i "
            f"WHERE i.scorecard_id = scorecards.id AND i.{condition})"
        )
    # The queue's date is the metadata time, else the file time; sorting by it needs this index.
    op.create_index(
        "ix_calls_call_time", "calls", [sa.text("coalesce(started_at, recorded_at)"), "id"]
    )
    op.create_index("ix_calls_duration", "calls", ["duration"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_calls_duration", table_name="calls")
    op.drop_index("ix_calls_call_time", table_name="calls")
    with op.batch_alter_table("scorecards", schema=None) as batch_op:
        batch_op.drop_index("ix_scorecards_auto_score")
        for column in COUNTS:
            batch_op.drop_index(f"ix_scorecards_{column}")
            batch_op.drop_column(column)
