"""`qa calls` says which scores are final: a score stays provisional (marked `~`, and
`"score_final": false` in --json) until a supervisor finalizes the scorecard, as in the review
queue and the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pipeline.runs.test_run import two_call_workspace
from tests.qa_main import run_qa


def _ok(*args: str) -> str:
    done = run_qa(*args)
    assert done.exit_code == 0, done.stdout + done.stderr
    return done.stdout


def _listed() -> dict[str, dict[str, object]]:
    return {c["call_id"]: c for c in json.loads(_ok("calls", "--json"))}


def _score_cell(table: str, ref: str) -> str:
    row = next(line for line in table.splitlines() if ref in line)
    return next(cell.strip() for cell in row.split("│")[7:8])


@pytest.fixture
def scored(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """C-1001 and C-1008 scored by `qa run`, nobody has reviewed them yet."""
    root = two_call_workspace(tmp_path, database_url, monkeypatch)
    _ok("run", "--engine", "file")
    return root


def test_an_unreviewed_score_is_provisional_and_a_finalized_one_final(scored: Path) -> None:
    before = _listed()
    assert before["C-1001"]["score_final"] is False
    assert before["C-1008"]["score_final"] is False
    table = _ok("calls")
    assert _score_cell(table, "C-1001").startswith("~")
    assert "provisional score (not final yet)" in table

    _ok("verdict", "C-1001", "demeanor", "pass")
    assert _listed()["C-1001"]["score_final"] is False  # in review is not final yet
    _ok("finalize", "C-1001")

    after = _listed()
    assert after["C-1001"]["score_final"] is True
    assert after["C-1008"]["score_final"] is False
    table = _ok("calls")
    final_cell = _score_cell(table, "C-1001")
    assert final_cell and not final_cell.startswith("~")
    assert _score_cell(table, "C-1008").startswith("~")
    assert json.loads(_ok("show", "C-1001", "--json"))["call"]["score_final"] is True


def test_a_call_without_a_score_has_no_finality(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_call_workspace(tmp_path, database_url, monkeypatch)
    _ok("ingest")
    listed = _listed()
    assert all(c["score"] is None and c["score_final"] is None for c in listed.values())
    assert "provisional" not in _ok("calls")


def test_qa_verdict_with_the_verdict_an_item_already_has_writes_nothing(scored: Path) -> None:
    first = _ok("verdict", "C-1001", "demeanor", "pass")
    again = _ok("verdict", "C-1001", "demeanor", "pass")
    assert "already pass" in again
    version = first.split("version ")[1].split(":")[0]
    assert f"version {version}:" in again  # no new version
