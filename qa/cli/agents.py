"""`qa agents`: import and list the agent directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace

agents_app = typer.Typer(
    help="The agent directory: import from TOML or CSV, list.", no_args_is_help=True
)
app.add_typer(agents_app, name="agents")


@agents_app.command("import")
def agents_import(
    file: Annotated[Path, typer.Argument(help="agents.toml-style TOML, or CSV with id,name,...")],
) -> None:
    """Load agents into the database (added or updated by id; nobody is removed).

    Example: qa agents import hr_export.csv
    """
    from qa.pipeline.access.agents import read_agents_file
    from qa.pipeline.access.permissions import authorized_store

    with authorized_store(workspace(), "agents import") as (store, _who):
        agents = read_agents_file(file)
        changed = store.save_agents(agents)
    console.print(
        f"Read {len(agents)} agents from {escape(str(file))}: {changed} added or updated."
    )


@agents_app.command("list")
def agents_list() -> None:
    """Show every agent in the database.

    Example: qa agents list
    """
    from qa.pipeline.access.permissions import authorized_store

    with authorized_store(workspace(), "agents list") as (store, _who):
        agents = store.agents()
    table = Table("id", "name", "aliases", "login", "team")
    for agent in agents:
        cells = (agent.id, agent.name, ", ".join(agent.aliases), agent.login, agent.team)
        table.add_row(*(escape(cell) for cell in cells))
    console.print(table)
