"""The Typer application and the state every command shares (workspace option, consoles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from qa.workspace import Workspace, open_workspace

app = typer.Typer(
    name="qa",
    help="callqa: sample, transcribe, score and review recorded calls, offline.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold transcripts and personal data
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    """What the global options set for the command that runs."""

    workspace_path: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)


state = CliState()


def workspace(**overrides: Any) -> Workspace:
    """The workspace this command works in, with flag overrides applied."""
    merged = {**state.overrides, **{k: v for k, v in overrides.items() if v is not None}}
    return open_workspace(state.workspace_path, merged)


@app.callback()
def _global_options(
    workspace_dir: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Workspace folder (default: found from here upward)."
        ),
    ] = None,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Database URL (overrides QA_DATABASE_URL).")
    ] = None,
) -> None:
    """callqa: sample, transcribe, score and review recorded calls, offline."""
    state.workspace_path = workspace_dir
    state.overrides = {"database_url": database_url} if database_url else {}
