"""trust: what input a failed transcription saw; agents write only through checked functions

Revision ID: 0006_trust_input
Revises: 0005
Create Date: 2026-12-02 06:30:00

`calls.transcript_input` fingerprints the input (transcript file or audio and engine) a
transcription failed on, so the next run retries that call only once the input has changed.
On PostgreSQL, agent roles lose their direct writes: they raise disputes, self-assess and
acknowledge through SECURITY DEFINER functions that check ownership and state, and the
audit log refuses UPDATE and DELETE from anyone but its owner
(see qa/storage/postgres/agent_sql.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from qa.storage.postgres.agent_sql import install_agent_functions, remove_agent_functions

revision = "0006_trust_input"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.add_column(
            sa.Column("transcript_input", sa.String(), nullable=False, server_default="")
        )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        install_agent_functions(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        remove_agent_functions(bind)
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("transcript_input")
