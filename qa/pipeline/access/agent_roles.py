"""Agents' PostgreSQL roles: grant one that reads only the agent's own calls, or revoke it."""

from __future__ import annotations

from dataclasses import dataclass

from qa.errors import NotFoundError
from qa.pipeline.access.identity import Identity
from qa.pipeline.access.permissions import require
from qa.storage.postgres.rls import grant_agent, revoke_agent
from qa.storage.store import Store


@dataclass(frozen=True, slots=True)
class AgentRole:
    """An agent's database role and the agent whose calls it may read."""

    role: str
    agent_id: str


def grant_agent_role(
    store: Store, who: Identity, login: str, password: str | None = None
) -> AgentRole:
    """Create (or refresh) the role of the agent with `login` in agents.toml (PostgreSQL only)."""
    require(who, "db grant-agent")
    wanted = login.casefold()
    agent = next((a for a in store.agents() if a.login.casefold() == wanted), None)
    if agent is None:
        raise NotFoundError(f"No agent with login {login!r} in agents.toml.")
    return AgentRole(grant_agent(store.engine, agent.login, agent.id, password), agent.id)


def revoke_agent_role(store: Store, who: Identity, login: str) -> str:
    """Take the role of `login` off this database (PostgreSQL only); returns the role's name.

    The login need not be in agents.toml any more: an agent who left is revoked by login.
    """
    require(who, "db revoke-agent")
    return revoke_agent(store.engine, login)
