"""An agent running `qa show` or `qa calls` sees only their own calls, never another agent's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.errors import AccessDeniedError, NotFoundError
from tests.pipeline.runs.test_run import PERFECT, RUDE, _transcript_file, _workspace


@pytest.fixture
def scored_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = _workspace(tmp_path, ["C-1001_perfect", "C-1008_prohibited-phrase"], "rate = 1.0")
    _transcript_file(root, "C-1001_perfect", PERFECT)
    _transcript_file(root, "C-1008_prohibited-phrase", RUDE)
    monkeypatch.chdir(root)
    monkeypatch.setenv("QA_LOGIN", "root")
    done = CliRunner().invoke(app, ["run", "--engine", "file"])
    assert done.exit_code == 0, done.output
    return root


def test_an_agent_lists_only_their_own_calls(
    scored_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_LOGIN", "sarah")
    listed = CliRunner().invoke(app, ["calls", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [c["call_id"] for c in json.loads(listed.output)] == ["C-1001"]

    asked_for_other = CliRunner().invoke(app, ["calls", "--json", "--agent", "tom.b"])
    assert [c["call_id"] for c in json.loads(asked_for_other.output)] == ["C-1001"]


def test_another_agents_call_is_no_such_call(
    scored_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_LOGIN", "sarah")
    own = CliRunner().invoke(app, ["show", "C-1001", "--json"])
    assert own.exit_code == 0, own.output
    assert json.loads(own.output)["scorecard"]["items"]

    other = CliRunner().invoke(app, ["show", "C-1008", "--json"])
    missing = CliRunner().invoke(app, ["show", "C-9999", "--json"])
    assert isinstance(other.exception, NotFoundError)
    assert isinstance(missing.exception, NotFoundError)
    assert other.exception.message == missing.exception.message.replace("C-9999", "C-1008")
    assert "scorecard" not in other.output


def test_a_stranger_is_refused(scored_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_LOGIN", "mallory")
    refused = CliRunner().invoke(app, ["show", "C-1001"])
    assert isinstance(refused.exception, AccessDeniedError)
    assert "mallory" in refused.exception.message
