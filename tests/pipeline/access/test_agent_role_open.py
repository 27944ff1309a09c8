"""An agent opening the workspace with their own PostgreSQL role: agents.toml is not theirs to
write, so opening goes on with the directory as stored; an admin's open syncs it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.exc import DBAPIError

from qa.domain.agents import Agent
from qa.pipeline.access.open_store import open_store
from qa.storage.postgres.rls import grant_agent
from qa.storage.store import Store
from qa.workspace import Workspace, open_workspace

pytestmark = pytest.mark.postgres

SARAH = Agent("sarah.k", "Sarah Kim", ("Sara",), "sarah")
AGENTS_TOML = """
[[agents]]
id = "sarah.k"
name = "Sarah Kim"
aliases = ["Sara"]
login = "sarah"
"""
NEW_AGENT = """
[[agents]]
id = "nina.p"
name = "Nina Park"
login = "nina"
"""


@pytest.fixture
def sarah_role(postgres_schema_url: str) -> Iterator[str]:
    """The URL through which Sarah connects as her own role to a schema holding her agent row."""
    with Store.open(postgres_schema_url) as admin:
        admin.save_agents([SARAH])
        role = grant_agent(admin.engine, f"sarah{uuid.uuid4().hex[:8]}", "sarah.k")
    yield postgres_schema_url.replace("root@", f"{role}@", 1)
    plain = postgres_schema_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as admin_connection:
        admin_connection.execute(f'DROP OWNED BY "{role}"')
        admin_connection.execute(f'DROP ROLE "{role}"')


def _workspace(root: Path, url: str, agents_toml: str) -> Workspace:
    root.mkdir(exist_ok=True)
    (root / "qa.toml").write_text(f'database_url = "{url}"\n', encoding="utf-8")
    (root / "agents.toml").write_text(agents_toml, encoding="utf-8")
    return open_workspace(root)


def test_an_unchanged_directory_is_not_written(sarah_role: str, tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws", sarah_role, AGENTS_TOML)
    with open_store(ws) as store:
        assert store.try_save_agents([SARAH]) is True  # nothing changed, so nothing written
        assert store.agents() == [SARAH]


def test_an_agent_role_opens_the_workspace_when_agents_toml_changed(
    sarah_role: str, postgres_schema_url: str, tmp_path: Path
) -> None:
    ws = _workspace(tmp_path / "ws", sarah_role, AGENTS_TOML + NEW_AGENT)
    with open_store(ws) as store:
        assert [a.id for a in store.agents()] == ["sarah.k"]  # the directory as stored
        assert store.try_save_agents([Agent("nina.p", "Nina Park")]) is False
        with pytest.raises(DBAPIError):  # the role really cannot write; nothing was bypassed
            store.save_agents([Agent("nina.p", "Nina Park")])
    admin_ws = _workspace(tmp_path / "admin", postgres_schema_url, AGENTS_TOML + NEW_AGENT)
    with open_store(admin_ws) as admin:
        assert [a.id for a in admin.agents()] == ["nina.p", "sarah.k"]


def test_other_database_errors_are_not_swallowed(postgres_schema_url: str) -> None:
    with Store.open(postgres_schema_url) as store:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE agents CASCADE")
        with pytest.raises(DBAPIError, match="agents"):
            store.try_save_agents([SARAH])
