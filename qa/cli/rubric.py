"""`qa rubric lint`: check rubric files and list every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, err_console
from qa.domain.rubric.parse import check_rubric, read_rubric_text
from qa.domain.wording import plural

rubric_app = typer.Typer(help="Work with script rubrics.", no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")


@rubric_app.command()
def lint(
    files: Annotated[list[Path], typer.Argument(help="Rubric TOML files.")],
) -> None:
    """Check rubric files: syntax, keys, ids, phrases, windows, thresholds, placeholders.

    Example: qa rubric lint rubrics/*.toml
    """
    total = 0
    for path in files:
        rubric, problems = check_rubric(read_rubric_text(path), str(path))
        for problem in problems:
            err_console.print(str(problem), highlight=False, markup=False, soft_wrap=True)
        total += len(problems)
        if not problems and rubric is not None:
            console.print(f"{escape(str(path))}: ok ({len(rubric.items)} items)", highlight=False)
    if total:
        found = f"{plural(total, 'problem')} in {plural(len(files), 'file')}"
        err_console.print(found, style="red")
        raise typer.Exit(1)
