"""Untranscribed speech that left a verdict undecided stays with the stored scorecard: `qa show`
names it, and `qa show --json` and the JSON export list it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.domain.agents import Agent
from qa.domain.rubric.parse import load_rubric
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Gap, Segment, Transcript
from qa.pipeline.access.open_store import open_store
from qa.workspace import Workspace
from tests.storage.records import file_record, register

REPO = Path(__file__).resolve().parents[3]
runner = CliRunner()
HIDDEN = Gap(32.4, 41.2, "agent")  # long enough to hold "calm down": courtesy is uncertain
IDLE = Gap(20.0, 24.0, "customer")  # the customer's: no item turns on it


def _qa(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _store_scored_call(workspace: Workspace) -> None:
    turns = (
        Segment(0.5, 6.0, "agent", "Thank you for calling Acme Wireless, this call is recorded."),
        Segment(42.0, 44.0, "agent", "The store should handle that."),
    )
    transcript = Transcript(turns, duration=60.0, gaps=(IDLE, HIDDEN))
    rubric = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
    card = score_call(transcript, rubric, Agent("sarah.k", "Sarah Kim"), {"call_id": "C-7"})
    with open_store(workspace) as store:
        (call_id,) = register(store, file_record("/rec/c7.wav", call_id="C-7"))
        store.save_transcript(call_id, transcript)
        store.save_scorecard(call_id, card)


def test_qa_show_names_the_gaps_that_left_verdicts_undecided(workspace: Workspace) -> None:
    _store_scored_call(workspace)
    shown = " ".join(_qa("show", "C-7").split())
    assert "9 s of agent speech not transcribed at 0:32–0:41" in shown
    scorecard = json.loads(_qa("show", "C-7", "--json"))["scorecard"]
    assert scorecard["gaps"] == [{"start": 32.4, "end": 41.2, "speaker": "agent"}]


def test_the_json_export_lists_the_gaps(workspace: Workspace, tmp_path: Path) -> None:
    _store_scored_call(workspace)
    out = tmp_path / "export.json"
    _qa("export", "--format", "json", "--out", str(out))
    (call,) = json.loads(out.read_text(encoding="utf-8"))["calls"]
    assert call["scorecard"]["gaps"] == [{"start": 32.4, "end": 41.2, "speaker": "agent"}]
