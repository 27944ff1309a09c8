"""`qa db grant-agent` / `qa db revoke-agent`: an admin gives an agent a PostgreSQL role that
reads only their own calls, and takes it away again; SQLite has no roles and says so."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from qa.storage.postgres.rls import role_name
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.qa_main import run_qa

AGENT = """
[[agents]]
id = "sarah.k"
name = "Sarah Kim"
login = "{login}"
"""


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _read_as(url: str, role: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url.replace("root@", f"{role}@", 1))
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.fixture
def postgres_workspace(
    workspace: Workspace, postgres_schema_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An admin's workspace on a fresh PostgreSQL schema; yields a new agent login in it."""
    login = f"sarah{uuid.uuid4().hex[:8]}"  # roles are cluster-wide: one of our own
    workspace.agents_file.write_text(AGENT.format(login=login), encoding="utf-8")
    monkeypatch.setenv("QA_DATABASE_URL", postgres_schema_url)
    yield login
    with psycopg.connect(_plain(postgres_schema_url), autocommit=True) as admin:
        if admin.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (role_name(login),)
        ).fetchone():
            admin.execute(f'DROP OWNED BY "{role_name(login)}"')
            admin.execute(f'DROP ROLE "{role_name(login)}"')


@pytest.mark.postgres
def test_a_revoked_agent_role_can_no_longer_read_or_write(
    postgres_workspace: str, postgres_schema_url: str
) -> None:
    login, role = postgres_workspace, role_name(postgres_workspace)
    granted = run_qa("db", "grant-agent", login)
    assert granted.exit_code == 0, granted.stderr
    assert role in granted.stdout
    assert _read_as(postgres_schema_url, role, "SELECT count(*) FROM calls") == [(0,)]

    revoked = run_qa("db", "revoke-agent", login)
    assert revoked.exit_code == 0, revoked.stderr
    assert role in revoked.stdout and "no longer" in revoked.stdout
    for sql in ("SELECT count(*) FROM calls", "SELECT * FROM agents", "SELECT qa_my_agent()"):
        with pytest.raises(DBAPIError):
            _read_as(postgres_schema_url, role, sql)
    with Store.open(postgres_schema_url) as store, store.engine.connect() as connection:
        mapped = connection.execute(text("SELECT count(*) FROM agent_roles")).scalar_one()
    assert mapped == 0  # the mapping to the agent is gone too
    again = run_qa("db", "revoke-agent", login)
    assert again.exit_code == 0, again.stderr  # revoking twice changes nothing


@pytest.mark.postgres
def test_revoking_a_login_that_never_had_a_role_is_one_clear_error(
    postgres_workspace: str,
) -> None:
    done = run_qa("db", "revoke-agent", f"nobody{uuid.uuid4().hex[:8]}")
    assert done.exit_code != 0 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and "nothing to revoke" in done.stderr


@pytest.mark.parametrize("command", ["grant-agent", "revoke-agent"])
def test_on_sqlite_agent_roles_are_refused_in_one_line(workspace: Workspace, command: str) -> None:
    done = run_qa("db", command, "sarah")
    assert done.exit_code != 0 and "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith("error: ") and "only on PostgreSQL" in first
