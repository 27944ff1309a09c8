"""The ingest-side commands end to end through Typer: qa ingest, calls, show, db upgrade, agents."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.scorecard import ItemResult, RubricRef, Scorecard, Verdict
from qa.domain.transcript import Segment, Transcript
from qa.errors import BadInputError
from qa.pipeline.access.open_store import open_store
from qa.workspace import Workspace, open_workspace
from tests.conftest import write_recording

runner = CliRunner()


def qa(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, " ".join(result.output.split())  # rich wraps at 80 columns


@pytest.fixture
def recordings(workspace: Workspace) -> Path:
    folder = workspace.recordings_dir
    write_recording(folder / "c1.wav", pitch=300)
    write_recording(folder / "c2.flac", pitch=400)
    write_recording(folder / "c3.mp3", pitch=500)
    write_recording(folder / "sub" / "c4.ogg", pitch=600)
    (folder / "c1.json").write_text('{"call_id": "C-1001", "agent": "sarah", "queue": "sales"}')
    (folder / "c2.json").write_text('{"agent": "ghost"}')
    (folder / "broken.wav").write_text("not audio")
    return folder


def test_ingest_registers_the_workspace_recordings(recordings: Path) -> None:
    code, out = qa("ingest")
    assert code == 0, out
    assert "Ingested 5 audio files: 5 new" in out
    assert "1 unreadable" in out and "1 call with an unknown agent" in out
    assert "broken.wav: cannot decode audio" in out
    code, out = qa("ingest")
    assert "0 new, 5 already known" in out


def test_calls_json_lists_every_call_with_its_state(recordings: Path) -> None:
    qa("ingest")
    code, out = qa("calls", "--json")
    assert code == 0
    calls = json.loads(out)
    assert len(calls) == 5
    assert set(calls[0]) >= {
        "id",
        "call_id",
        "file",
        "agent",
        "status",
        "transcript",
        "score",
        "problem",
    }
    first = next(c for c in calls if c["call_id"] == "C-1001")
    assert (first["agent"], first["status"], first["transcript"], first["score"]) == (
        "sarah.k", "new", "pending", None,
    )  # fmt: skip
    _, out = qa("calls", "--agent", "Sarah Kim", "--json")
    assert [c["call_id"] for c in json.loads(out)] == ["C-1001"]


def test_calls_unreadable_lists_the_problems(recordings: Path) -> None:
    qa("ingest")
    code, out = qa("calls", "--unreadable", "--json")
    problems = {os.path.basename(c["file"]): c["problem"] for c in json.loads(out)}
    assert set(problems) == {"broken.wav", "c2.flac"}
    assert "unknown agent 'ghost'" in problems["c2.flac"]
    code, out = qa("calls", "--unreadable")
    assert code == 0 and "broken.wav" in out and "2 calls." in out


def test_calls_rejects_an_unknown_status(recordings: Path) -> None:
    result = runner.invoke(app, ["calls", "--status", "nope"])
    assert isinstance(result.exception, BadInputError)  # qa.cli.main prints it, exit code 2
    assert "Unknown status 'nope'" in result.exception.message


def test_show_json_gives_metadata_transcript_and_scorecard(
    recordings: Path, workspace: Workspace
) -> None:
    qa("ingest")
    with open_store(workspace) as store:
        call = store.call_by_ref("C-1001")
        store.save_transcript(
            call.id, Transcript((Segment(0.5, 2.0, "agent", "thank you for calling"),))
        )
        card = Scorecard(
            RubricRef("Acme", "1", "a" * 64),
            (ItemResult("greeting", "Greets", "", Verdict.PASS, 10),),
        )
        store.save_scorecard(call.id, card)
    code, out = qa("show", "C-1001", "--json")
    assert code == 0, out
    shown = json.loads(out)
    assert shown["call"]["call_id"] == "C-1001" and shown["call"]["agent"] == "sarah.k"
    assert shown["call"]["codec"] == "pcm_s16le" and shown["call"]["score"] == 100.0
    assert shown["transcript"]["format"] == "qa-transcript/1"
    assert shown["scorecard"]["score"] == 100.0
    code, out = qa("show", str(call.id))
    assert code == 0 and "thank you for calling" in out


def test_show_an_unknown_call_is_a_clear_error(recordings: Path) -> None:
    qa("ingest")
    result = runner.invoke(app, ["show", "C-404"])
    assert result.exit_code != 0
    assert "No call 'C-404'" in str(result.exception)


def test_a_filename_pattern_from_qa_toml_supplies_metadata(workspace: Workspace) -> None:
    settings = workspace.root / "qa.toml"
    settings.write_text(settings.read_text().replace("# filename_pattern", "filename_pattern"))
    write_recording(workspace.recordings_dir / "20261120-091400_sarah.k_C-77.wav")
    qa("ingest")
    _, out = qa("show", "C-77", "--json")
    call = json.loads(out)["call"]
    assert call["agent"] == "sarah.k" and call["started_at"] == "2026-11-20T09:14:00+00:00"


def test_db_upgrade_migrates_then_has_nothing_to_do(workspace: Workspace) -> None:
    code, out = qa("db", "upgrade")
    assert code == 0 and "upgraded from empty" in out
    code, out = qa("db", "upgrade")
    assert "already at the newest schema" in out


def test_agents_import_csv_and_list(workspace: Workspace, tmp_path: Path) -> None:
    csv = tmp_path / "hr.csv"
    csv.write_text("id,name,aliases,login,team\ntom.b,Tom Berg,Tommy;T,tom,Care\n")
    code, out = qa("agents", "import", str(csv))
    assert code == 0 and "1 added or updated" in out
    code, out = qa("agents", "list")
    assert "Tom Berg" in out and "Sarah Kim" in out  # agents.toml is loaded on every command
    with open_store(open_workspace(workspace.root)) as store:
        assert store.agent("tom.b") is not None and store.agent("tom.b").aliases == ("Tommy", "T")  # type: ignore[union-attr]


def test_ingest_works_against_the_database_url_option(recordings: Path, database_url: str) -> None:
    code, out = qa("--database-url", database_url, "ingest")
    assert code == 0 and "5 new" in out
    _, out = qa("--database-url", database_url, "calls", "--json")
    assert len(json.loads(out)) == 5
