"""`qa init`: create a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console
from qa.workspace import current_login, init_workspace


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new workspace.")] = Path("."),
) -> None:
    """Create a workspace: qa.toml, agents.toml, rubrics/, recordings/.

    The login running this becomes the workspace's admin and supervisor.

    Example: qa init ~/qa
    """
    login = current_login()
    written = init_workspace(folder, login)
    for path in written:
        console.print(f"wrote {escape(str(path))}")
    console.print(f"Workspace ready; {escape(login)} is its admin and supervisor. Next: qa ingest")
