"""The agent directory in the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import select

from qa.domain.agents import Agent
from qa.storage.base import StoreBase
from qa.storage.convert import agent_from_row, agent_to_row
from qa.storage.tables.tables import AgentRow

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied"
SAVE_ATTEMPTS = 3


class AgentStore(StoreBase):
    """Agents: saved from agents.toml (upsert by id), read by id."""

    def save_agents(self, agents: Sequence[Agent]) -> int:
        """Insert or update agents by id; returns how many rows changed."""
        changed = 0
        with self.session() as session:
            existing = {row.id: row for row in session.exec(select(AgentRow))}
            for agent in agents:
                row = agent_to_row(agent)
                old = existing.get(agent.id)
                if old is None:
                    session.add(row)
                    changed += 1
                elif agent_from_row(old) != agent:
                    old.sqlmodel_update(row.model_dump())
                    session.add(old)
                    changed += 1
        return changed

    def try_save_agents(self, agents: Sequence[Agent]) -> bool:
        """Save agents as `save_agents` does; False when this connection may not write them.

        An agent connecting to PostgreSQL with their own role (`qa db grant-agent`) may read the
        agent directory but not change it; their tools go on with the directory as stored.
        """
        for attempt in range(SAVE_ATTEMPTS):
            try:
                self.save_agents(agents)
                return True
            except (IntegrityError, OperationalError):
                # Two first runs at once save the same directory together: the loser's insert
                # collides (or SQLite refuses its stale snapshot); the next pass sees the rows.
                if attempt == SAVE_ATTEMPTS - 1:
                    raise
            except DBAPIError as error:
                if getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                    return False
                raise
        return True

    def agents(self) -> list[Agent]:
        """Every agent, by id."""
        with self.session() as session:
            rows = session.exec(select(AgentRow).order_by(AgentRow.id)).all()
            return [agent_from_row(r) for r in rows]

    def agent(self, agent_id: str) -> Agent | None:
        """The agent with this id, if any."""
        with self.session() as session:
            row = session.get(AgentRow, agent_id)
            return agent_from_row(row) if row else None
