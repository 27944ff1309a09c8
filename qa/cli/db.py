"""`qa db`: database housekeeping (migrations)."""

from __future__ import annotations

import typer

from qa.cli.app import app, console, workspace

db_app = typer.Typer(help="Database housekeeping: apply schema migrations.", no_args_is_help=True)
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
