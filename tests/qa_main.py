"""Run `qa` in-process through its real entry point (errors printed, exit codes) for CLI tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from click.testing import CliRunner, Result

from qa.cli import main


class _Entry:
    """What CliRunner invokes: `qa.cli.main`, which turns QaError into stderr and an exit code."""

    name = "qa"

    def main(self, args: Sequence[str] = (), prog_name: str = "qa", **_extra: Any) -> None:
        main(list(args))


def run_qa(*args: str, env: dict[str, str] | None = None) -> Result:
    """`qa ARGS` as a user runs it: stdout and stderr apart, the exit code as the shell sees it."""
    return CliRunner().invoke(_Entry(), list(args), env=env)  # type: ignore[arg-type]
