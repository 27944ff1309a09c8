"""Reading the agent directory: agents.toml (the workspace's own) or a CSV export from HR."""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qa.domain.agents import Agent
from qa.errors import BadInputError

AGENT_KEYS = ("id", "name", "aliases", "login", "team")
ALIAS_SEPARATORS = (";", "|")  # a CSV cell holds several aliases separated by one of these


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise BadInputError(f"{where}: '{key}' must be text, not {type(value).__name__}.")
    return value.strip()


def _aliases(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        for separator in ALIAS_SEPARATORS:
            value = value.replace(separator, ",")
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise BadInputError(f"{where}: 'aliases' must be a list of names.")
    return tuple(a.strip() for a in value if a.strip())


def agent_from_dict(raw: dict[str, Any], where: str) -> Agent:
    """One agent from a table or CSV row; `where` names the file and entry for errors."""
    unknown = sorted(set(raw) - set(AGENT_KEYS))
    if unknown:
        raise BadInputError(
            f"{where}: unknown key {unknown[0]!r}.", hint=f"Keys are: {', '.join(AGENT_KEYS)}."
        )
    agent_id, name = _text(raw, "id", where), _text(raw, "name", where)
    if not agent_id or not name:
        raise BadInputError(f"{where}: every agent needs an 'id' and a 'name'.")
    return Agent(
        id=agent_id,
        name=name,
        aliases=_aliases(raw.get("aliases", []), where),
        login=_text(raw, "login", where),
        team=_text(raw, "team", where),
    )


def _unique(agents: Iterable[Agent], source: str) -> list[Agent]:
    seen: dict[str, Agent] = {}
    for agent in agents:
        if agent.id in seen:
            raise BadInputError(
                f"{source}: agent id {agent.id!r} appears twice.", hint="Give each agent one entry."
            )
        seen[agent.id] = agent
    return list(seen.values())


def agents_from_toml(text: str, source: str) -> list[Agent]:
    """The [[agents]] tables of an agents.toml."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(f"{source}: {exc}.", hint="Fix the TOML syntax at that line.") from exc
    tables = data.get("agents", [])
    if not isinstance(tables, list):
        raise BadInputError(f"{source}: 'agents' must be [[agents]] tables.")
    return _unique(
        (agent_from_dict(t, f"{source}, agent {i + 1}") for i, t in enumerate(tables)), source
    )


def agents_from_csv(text: str, source: str) -> list[Agent]:
    """Rows of a CSV with a header naming id, name and optionally aliases, login, team."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "id" not in header or "name" not in header:
        raise BadInputError(
            f"{source}: the header must name at least the columns id and name.",
            hint=f"Columns may be: {', '.join(AGENT_KEYS)}.",
        )
    reader.fieldnames = header
    rows = (
        {k: (v or "") for k, v in row.items() if k and (v or "").strip()}
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    )
    return _unique(
        (agent_from_dict(r, f"{source}, line {i + 2}") for i, r in enumerate(rows)), source
    )


def read_agents_file(path: Path) -> list[Agent]:
    """Agents from a .toml or .csv file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"Cannot read the agent file {path}: {exc}.") from exc
    if path.suffix.lower() == ".csv":
        return agents_from_csv(text, str(path))
    return agents_from_toml(text, str(path))
