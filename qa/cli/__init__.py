"""The command line: thin commands over the pipeline; errors become one line and an exit code."""

from __future__ import annotations

import importlib
import sys

from qa.cli.app import app, err_console
from qa.errors import QaError

# Each module registers its commands on `app` when imported.
COMMAND_MODULES = (
    "init",
    "ingest",
    "sample",
    "transcribe",
    "score",
    "run",
    "calls",
    "show",
    "check",
    "review",
    "replay",
    "dispute",
    "redact",
    "export",
    "report",
    "calibrate",
    "eval",
    "rubric",
    "agents",
    "db",
    "speakers",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"qa.cli.{name}")


_register()


def report_error(error: QaError) -> int:
    """Print a QaError as one sentence and a hint on stderr; return its exit code."""
    err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
    if error.hint:
        err_console.print(f"[dim]hint:[/] {error.hint}", highlight=False)
    return error.exit_code


def main() -> None:
    """Run the `qa` command."""
    try:
        app()  # standalone: Typer prints usage errors itself and exits 2
    except QaError as error:
        sys.exit(report_error(error))
    except KeyboardInterrupt:
        err_console.print("interrupted; finished work is saved, run the command again to resume.")
        sys.exit(130)
