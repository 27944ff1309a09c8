"""PostgreSQL roles for agents: the database itself keeps each agent to their own calls."""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, text

from qa.errors import BadInputError, NotFoundError, WorkspaceError
from qa.storage.postgres.agent_sql import install_agent_functions, restrict_agent_role

ROLE_PREFIX = "qa_agent_"
# What an agent's role may read; row-level security (migration 0005) narrows the call data to
# their own calls. Tables not listed (samples, calibrations) stay closed to agents.
READABLE = (
    "alembic_version",
    "agents",
    "agent_roles",
    "rubrics",
    "calls",
    "transcripts",
    "segments",
    "scorecards",
    "item_results",
    "reviews",
    "comments",
    "disputes",
    "sample_members",
    "call_metrics",
    "self_assessments",
    "audit_events",
)
# Agents write nothing directly: disputes, self-assessments, acknowledgements and the audit
# events they leave go through the checked functions of qa/storage/postgres/agent_sql.py.


def role_name(login: str) -> str:
    """The database role of an agent's login: qa_agent_<login>, lowercased, [a-z0-9_] only."""
    cleaned = re.sub(r"[^a-z0-9_]", "_", login.strip().casefold())
    if not cleaned.strip("_"):
        raise BadInputError(f"The login {login!r} cannot name a database role.")
    return (ROLE_PREFIX + cleaned)[:63]  # PostgreSQL truncates names at 63 bytes


def _schema(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_schema()")).scalar_one())


def _role_exists(connection: Connection, role: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.first() is not None


def _create_role(connection: Connection, role: str, password: str | None) -> None:
    verb = "ALTER" if _role_exists(connection, role) else "CREATE"
    secret = ""
    if password is not None:  # quoted by the server; DDL takes no bind parameters
        quoted = connection.execute(text("SELECT quote_literal(:p)"), {"p": password})
        secret = f" PASSWORD {quoted.scalar_one()}"
    connection.exec_driver_sql(f'{verb} ROLE "{role}" LOGIN{secret}')


def _grant(connection: Connection, role: str, schema: str) -> None:
    connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
    for table in READABLE:
        connection.execute(text(f'GRANT SELECT ON "{schema}".{table} TO "{role}"'))
    install_agent_functions(connection)  # idempotent: a database migrated long ago gets them too
    restrict_agent_role(connection, role)


def _map(connection: Connection, role: str, login: str, agent_id: str) -> None:
    connection.execute(text("DELETE FROM agent_roles WHERE role_name = :r"), {"r": role})
    connection.execute(
        text("INSERT INTO agent_roles (role_name, login, agent_id) VALUES (:r, :l, :a)"),
        {"r": role, "l": login, "a": agent_id},
    )


def _require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise WorkspaceError(
            "Database roles exist only on PostgreSQL; this workspace uses SQLite.",
            hint="On SQLite the file's permissions are the boundary; see docs/security.md.",
        )


def grant_agent(engine: Engine, login: str, agent_id: str, password: str | None = None) -> str:
    """Create (or refresh) the agent's LOGIN role, its grants and its mapping; returns its name."""
    _require_postgres(engine)
    role = role_name(login)
    with engine.begin() as connection:
        _create_role(connection, role, password)
        _grant(connection, role, _schema(connection))
        _map(connection, role, login, agent_id)
    return role


def revoke_agent(engine: Engine, login: str) -> str:
    """Take an agent's role off this database: grants revoked, mapping removed (role kept,
    as roles are cluster-wide and may serve other databases); returns the role's name."""
    _require_postgres(engine)
    role = role_name(login)
    with engine.begin() as connection:
        if not _role_exists(connection, role):
            raise NotFoundError(
                f"No database role {role} for login {login!r}: nothing to revoke.",
                hint="Roles are made by `qa db grant-agent LOGIN`.",
            )
        schema = _schema(connection)
        connection.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{role}"'))
        connection.execute(text(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM "{role}"'))
        connection.execute(text(f'REVOKE ALL ON ALL FUNCTIONS IN SCHEMA "{schema}" FROM "{role}"'))
        connection.execute(text(f'REVOKE USAGE ON SCHEMA "{schema}" FROM "{role}"'))
        connection.execute(text("DELETE FROM agent_roles WHERE role_name = :r"), {"r": role})
    return role
