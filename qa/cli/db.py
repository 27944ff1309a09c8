"""`qa db`: database housekeeping: schema migrations and agents' PostgreSQL roles."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, workspace

db_app = typer.Typer(
    help="Database housekeeping: apply schema migrations; grant or revoke agents' roles.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply schema migrations to the workspace database (also done on first use).

    Example: qa db upgrade
    """
    from qa.pipeline.access.open_store import upgrade_database
    from qa.pipeline.access.permissions import authorize_by_settings

    ws = workspace()
    authorize_by_settings(ws, "db upgrade")
    done = upgrade_database(ws)
    if done.ran:
        console.print(f"Database upgraded from {done.before or 'empty'} to {done.head}.")
    else:
        console.print(f"Database already at the newest schema ({done.head}).")


LoginArg = Annotated[str, typer.Argument(help="The agent's login, as in agents.toml.")]


@db_app.command("grant-agent")
def grant_agent_command(
    login: LoginArg,
    password: Annotated[
        str | None, typer.Option("--password", help="Password for the role (default: none).")
    ] = None,
) -> None:
    """Create a PostgreSQL role for an agent that can read only their own calls.

    The agent then connects with database_url = postgresql+psycopg://qa_agent_LOGIN@host/db.

    Example: qa db grant-agent sarah
    """
    from qa.pipeline.access.agent_roles import grant_agent_role
    from qa.pipeline.access.permissions import authorized_store

    ws = workspace()
    with authorized_store(ws, "db grant-agent") as (store, who):
        granted = grant_agent_role(store, who, login, password)
    console.print(
        f"Role {escape(granted.role)} may now read {escape(granted.agent_id)}'s calls "
        "(and nobody else's)."
    )


@db_app.command("revoke-agent")
def revoke_agent_command(login: LoginArg) -> None:
    """Take an agent's PostgreSQL role off this database: it can read and write nothing here.

    Its grants and its mapping to the agent go; the role itself stays (roles are shared by
    every database of the server). Works for a login no longer in agents.toml.

    Example: qa db revoke-agent sarah
    """
    from qa.pipeline.access.agent_roles import revoke_agent_role
    from qa.pipeline.access.permissions import authorized_store

    ws = workspace()
    with authorized_store(ws, "db revoke-agent") as (store, who):
        role = revoke_agent_role(store, who, login)
    console.print(f"Role {escape(role)} can no longer read or write anything in this database.")
