"""The agent directory: who the agents are, the names they answer to, their logins and teams."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Agent:
    """One agent of the contact centre."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    login: str = ""
    team: str = ""

    @property
    def first_name(self) -> str:
        """The first word of the full name."""
        return self.name.split()[0] if self.name.strip() else ""

    @property
    def spoken_names(self) -> tuple[str, ...]:
        """Every name the agent may say on a call: full name, first name, aliases."""
        names = [self.name, self.first_name, *self.aliases]
        return tuple(dict.fromkeys(n for n in names if n.strip()))


def find_agent(agents: list[Agent], key: str) -> Agent | None:
    """The agent whose id, login or name (case-insensitive) is `key`."""
    wanted = key.strip().casefold()
    for agent in agents:
        if wanted in (agent.id.casefold(), agent.login.casefold(), agent.name.casefold()):
            return agent
    return None
