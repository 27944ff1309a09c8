"""Messages keep every word: rich markup in user-facing text is printed, never interpreted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from qa.cli import app
from tests.qa_main import run_qa


def test_a_hint_naming_access_keeps_the_word(
    workspace: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_LOGIN", "mallory")
    done = run_qa("calls")
    assert done.exit_code == 2
    assert "[access]" in done.stderr
    assert "or to  in" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_an_error_quoting_markup_prints_it_as_typed(
    workspace: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run_qa("calls", "--status", "[bold]x[/bold]")
    assert done.exit_code == 2
    assert "'[bold]x[/bold]'" in done.stderr


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every command under a click group (Typer's own click copy: groups have `commands`)."""
    for name, command in group.commands.items():
        yield command, (*path, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))


def test_help_keeps_the_qa_toml_tables_it_names() -> None:
    """A help text naming a qa.toml table ("the [sample] table") prints the name, not nothing."""
    checked = 0
    for command, path in _commands(typer.main.get_command(app)):
        tables = re.findall(r"\\?\[(\w+)\]", command.help or "")
        if not tables:
            continue
        shown = " ".join(run_qa(*path, "--help").stdout.split())
        assert all(f"[{t}]" in shown for t in tables), (path, tables)
        checked += 1
    assert checked >= 2  # `qa review` ([access]) and `qa sample draw` ([sample]) at least
