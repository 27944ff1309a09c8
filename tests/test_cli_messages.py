"""Messages keep every word: rich markup in user-facing text is printed, never interpreted."""

from __future__ import annotations

from pathlib import Path

import pytest

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
