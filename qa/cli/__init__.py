"""The command line: thin commands over the pipeline; errors become one line and an exit code."""

from __future__ import annotations

import importlib
import sys

from rich.markup import escape

from qa.cli.app import app, err_console
from qa.errors import AccessDeniedError, QaError

# The command modules, in the order `qa --help` lists their commands.
COMMAND_MODULES = (
    "init",
    "ingest",
    "sample",
    "transcribe",
    "score",
    "rescore",
    "run",
    "calls",
    "show",
    "check",
    "review",
    "verdict",
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


def load_commands() -> None:
    """Register every `qa` command on `app` by importing its module (qa.cli.<name>).

    The one rule of a command module, instead of a comment beside every import: Typer reads
    each command's signature and docstring to print `qa --help`, so every module is imported at
    start-up, and at its top imports only typer, rich, qa.cli, qa.domain, qa.workspace and
    light pipeline modules. A service that reaches the database, audio or a model
    (SQLAlchemy, numpy, PyAV, Textual, torch) is imported inside the command function that
    runs it, so it loads only when that command runs. tests/test_cli_startup.py imports this
    package and fails if `qa --help` or `qa ingest --help` loads any of them.
    """
    for name in COMMAND_MODULES:
        importlib.import_module(f"qa.cli.{name}")


load_commands()


def report_error(error: QaError) -> int:
    """Print a QaError as one sentence and a hint on stderr; return its exit code.

    The words are escaped (a hint naming `[access]` is not rich markup) and never wrapped; a
    refusal is one line, so a script sees exactly one line whatever the terminal's width.
    """
    message, hint = escape(error.message), escape(error.hint)
    if isinstance(error, AccessDeniedError):
        line = f"[bold red]refused:[/] {message}" + (f" [dim]hint:[/] {hint}" if hint else "")
        err_console.print(line, highlight=False, soft_wrap=True)
        return error.exit_code
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    if error.hint:
        err_console.print(f"[dim]hint:[/] {hint}", highlight=False, soft_wrap=True)
    return error.exit_code


def main(args: list[str] | None = None) -> None:
    """Run the `qa` command (with `args` instead of sys.argv when given, as tests do)."""
    try:
        app(args=args, prog_name="qa")  # standalone: Typer prints usage errors itself, exits 2
    except QaError as error:
        sys.exit(report_error(error))
    except Exception as error:  # a failing disk or database, told in one line
        from qa.pipeline.failures import explain

        known = explain(error)
        if known is None:
            raise  # a bug: the traceback is what a developer needs
        sys.exit(report_error(known))
    except KeyboardInterrupt:
        err_console.print("interrupted; finished work is saved, run the command again to resume.")
        sys.exit(130)
