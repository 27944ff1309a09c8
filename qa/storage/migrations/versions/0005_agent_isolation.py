"""agent isolation: self-assessments, agent database roles, row-level security on call data

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:00:00

On PostgreSQL every table holding call data gets row-level security: a role listed in
agent_roles sees (and may write) only rows of its own agent's calls; any other role (the
owner, supervisors' roles) is unaffected. SQLite has no roles: the application enforces it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

IS_AGENT = "current_user IN (SELECT role_name FROM agent_roles)"
OWN_AGENT = "(SELECT agent_id FROM agent_roles WHERE role_name = current_user)"
OWN_LOGIN = "(SELECT login FROM agent_roles WHERE role_name = current_user)"

# Each table's rows belong to the agent of the call they hang from. Subqueries on calls,
# transcripts and scorecards are themselves filtered by those tables' policies.
OWN_ROWS = {
    "calls": f"agent_id = {OWN_AGENT}",
    "transcripts": "call_id IN (SELECT id FROM calls)",
    "segments": "transcript_id IN (SELECT id FROM transcripts)",
    "scorecards": "call_id IN (SELECT id FROM calls)",
    "item_results": "scorecard_id IN (SELECT id FROM scorecards)",
    "reviews": "scorecard_id IN (SELECT id FROM scorecards)",
    "comments": "call_id IN (SELECT id FROM calls)",
    "disputes": "call_id IN (SELECT id FROM calls)",
    "sample_members": "call_id IN (SELECT id FROM calls)",
    "call_metrics": "call_id IN (SELECT id FROM calls)",
    "self_assessments": "call_id IN (SELECT id FROM calls)",
    "audit_events": f"actor = {OWN_LOGIN}",
}


def _create_tables() -> None:
    op.create_table(
        "self_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("login", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["scorecard_id"], ["scorecards.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_self_assessments_call_id", "self_assessments", ["call_id"])
    op.create_index("ix_self_assessments_login", "self_assessments", ["login"])
    op.create_table(
        "agent_roles",
        sa.Column("role_name", sa.String(), nullable=False),
        sa.Column("login", sa.String(), nullable=False),
        sa.Column("agent_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("role_name"),
    )
    op.create_index("ix_agent_roles_login", "agent_roles", ["login"])
    op.create_index("ix_agent_roles_agent_id", "agent_roles", ["agent_id"])


def _enable_row_security() -> None:
    for table, own in OWN_ROWS.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY qa_agent_own_rows ON {table} USING (NOT {IS_AGENT} OR {own})")
    # Agents may move their own call to `disputed` (raising a dispute), and to nothing else.
    op.execute(
        "CREATE POLICY qa_agent_disputes_only ON calls AS RESTRICTIVE FOR UPDATE "
        f"USING (true) WITH CHECK (NOT {IS_AGENT} OR status = 'disputed')"
    )


def upgrade() -> None:
    _create_tables()
    if op.get_bind().dialect.name == "postgresql":
        _enable_row_security()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY qa_agent_disputes_only ON calls")
        for table in OWN_ROWS:
            op.execute(f"DROP POLICY qa_agent_own_rows ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_table("agent_roles")
    op.drop_table("self_assessments")
