"""Isolation in the application: an agent never sees another agent's calls, by any door."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.scorecard import Verdict
from qa.errors import AccessDeniedError, NotFoundError
from qa.pipeline.access.identity import Identity, resolve_identity, visible_call, visible_calls
from qa.pipeline.disputes.replay import AgentReplayService
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.pipeline.disputes.test_replay_data import SUPERVISOR, finalize, reviewed


@pytest.fixture
def ids(store: Store, tmp_path: Path) -> dict[str, int]:
    return reviewed(store, tmp_path)


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("sarah", Identity("sarah", "agent", "sarah.k")),
        ("TOM", Identity("TOM", "agent", "tom.b")),
        (SUPERVISOR, Identity(SUPERVISOR, "admin")),
    ],
)
def test_logins_map_to_roles_and_agents(
    store: Store, ids: dict, workspace: Workspace, login: str, expected: Identity
) -> None:
    assert resolve_identity(workspace, store, login) == expected


def test_qa_login_overrides_and_strangers_are_refused(
    store: Store, ids: dict, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_LOGIN", "tom")
    assert resolve_identity(workspace, store).agent_id == "tom.b"
    monkeypatch.setenv("QA_LOGIN", "mallory")
    with pytest.raises(AccessDeniedError, match="mallory"):
        resolve_identity(workspace, store)


def test_another_agents_call_reads_as_no_such_call(store: Store, ids: dict) -> None:
    sarah = Identity("sarah", "agent", "sarah.k")
    with pytest.raises(NotFoundError) as other:
        visible_call(store, sarah, "C-1002")
    with pytest.raises(NotFoundError) as missing:
        visible_call(store, sarah, "C-9999")
    assert other.value.message.replace("C-1002", "X") == missing.value.message.replace(
        "C-9999", "X"
    )
    assert visible_call(store, sarah, "C-1001").id == ids["C-1001"]
    assert visible_call(store, Identity(SUPERVISOR, "supervisor"), "C-1002").id == ids["C-1002"]


def test_an_agent_lists_their_own_calls_whatever_agent_they_ask_for(
    store: Store, ids: dict
) -> None:
    sarah, supervisor = Identity("sarah", "agent", "sarah.k"), Identity(SUPERVISOR, "supervisor")
    own = {c.id for c in visible_calls(store, sarah)}
    assert ids["C-1001"] in own and ids["C-1002"] not in own
    assert {c.id for c in visible_calls(store, sarah, agent="tom.b")} == own
    toms = {c.id for c in visible_calls(store, supervisor, agent="tom.b")}
    assert ids["C-1002"] in toms and ids["C-1001"] not in toms
    assert len(visible_calls(store, supervisor)) >= len(own | toms)


def test_the_agents_list_holds_only_their_reviewed_calls_newest_first(
    store: Store, ids: dict
) -> None:
    finalize(store, ids["C-1003"])
    sarah = AgentReplayService(store, Identity("sarah", "agent", "sarah.k"))
    assert [c.call_ref for c in sarah.calls()] == ["C-1003", "C-1001"]
    tom = AgentReplayService(store, Identity("tom", "agent", "tom.b"))
    assert [c.call_ref for c in tom.calls()] == ["C-1002"]
    with pytest.raises(NotFoundError):
        sarah.detail(ids["C-1002"])
    with pytest.raises(NotFoundError):
        sarah.self_assess(ids["C-1002"], "closing", Verdict.PASS)


def test_supervisors_have_no_replay_of_their_own(store: Store, ids: dict) -> None:
    with pytest.raises(AccessDeniedError, match="replay is for agents"):
        AgentReplayService(store, Identity(SUPERVISOR, "supervisor"))


@pytest.fixture
def filled_workspace(workspace: Workspace, tmp_path: Path) -> Workspace:
    with Store.open(workspace.database_url) as store:
        reviewed(store, tmp_path)
    return workspace


@pytest.mark.parametrize(
    "args",
    [
        ["replay", "C-1002"],
        ["dispute", "C-1002", "--item", "closing", "--reason", "x"],
        ["acknowledge", "C-1002"],
        ["self-assess", "C-1002", "--item", "closing", "--verdict", "pass"],
    ],
)
def test_the_command_line_says_no_such_call_for_another_agents_call(
    filled_workspace: Workspace, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("QA_LOGIN", "sarah")
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert isinstance(result.exception, NotFoundError)
    assert "No call 'C-1002'" in result.exception.message


def test_an_agents_export_holds_only_their_calls(
    filled_workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QA_LOGIN", "sarah")
    out = tmp_path / "mine.json"
    result = CliRunner().invoke(app, ["export", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "C-1001" in text and "C-1002" not in text and "tom.b" not in json.dumps(text)
