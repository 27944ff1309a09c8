"""Opening a workspace's store: connect, migrate, and load agents.toml so agent ids resolve."""

from __future__ import annotations

from dataclasses import dataclass

from qa.pipeline.access.agents import read_agents_file
from qa.storage.engine import make_engine
from qa.storage.migrate import current_revision, head_revision, upgrade
from qa.storage.store import Store
from qa.workspace import Workspace


def sync_agents(store: Store, ws: Workspace) -> bool:
    """Load the workspace's agents.toml into the store (upsert; writes only what changed).

    False when the connection may not write agents (an agent's own PostgreSQL role): the
    directory as stored is used, and an admin's or supervisor's next open brings it up to date.
    """
    if not ws.agents_file.is_file():
        return True
    return store.try_save_agents(read_agents_file(ws.agents_file))


def open_store(ws: Workspace) -> Store:
    """The workspace's database, migrated to the newest schema, with agents.toml loaded."""
    store = Store.open(ws.database_url)
    try:
        sync_agents(store, ws)
    except BaseException:
        store.close()
        raise
    return store


@dataclass(frozen=True, slots=True)
class SchemaUpgrade:
    """What `qa db upgrade` did: the schema revision before, whether migrations ran, the newest."""

    before: str | None
    ran: bool
    head: str


def upgrade_database(ws: Workspace) -> SchemaUpgrade:
    """Apply the schema migrations to the workspace's database (without loading agents.toml)."""
    engine = make_engine(ws.database_url)
    try:
        before = current_revision(engine)
        ran = upgrade(engine)
        return SchemaUpgrade(before, ran, head_revision())
    finally:
        engine.dispose()
