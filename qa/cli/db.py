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
    # deferred: keeps qa --help fast (no SQLAlchemy/numpy at start-up)
    from qa.pipeline.access.permissions import authorize_by_settings
    from qa.storage.engine import make_engine
    from qa.storage.migrate import current_revision, head_revision, upgrade

    ws = workspace()
    authorize_by_settings(ws, "db upgrade")
    engine = make_engine(ws.database_url)
    try:
        before = current_revision(engine)
        ran = upgrade(engine)
        head = head_revision()
    finally:
        engine.dispose()
    if ran:
        console.print(f"Database upgraded from {before or 'empty'} to {head}.")
    else:
        console.print(f"Database already at the newest schema ({head}).")
