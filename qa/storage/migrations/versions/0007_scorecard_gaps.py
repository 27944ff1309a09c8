"""scorecard gaps: the untranscribed speech that left a verdict undecided is kept with the card

Revision ID: 0007_scorecard_gaps
Revises: 0006_trust_input
Create Date: 2026-12-02 10:10:00

`scorecards.gaps` lists, as JSON `[{"start", "end", "speaker"}]`, the transcript's gaps that
made an item uncertain (issue #19), so `qa show` and exports name them after the transcript is
re-made. Cards stored before this revision have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_scorecard_gaps"
down_revision = "0006_trust_input"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scorecards") as batch:
        batch.add_column(sa.Column("gaps", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("scorecards") as batch:
        batch.drop_column("gaps")
