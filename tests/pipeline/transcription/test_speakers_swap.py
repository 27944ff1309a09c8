"""A supervisor swaps agent and customer on a call separated by voice: audited, then rescored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.agents import Agent
from qa.domain.rubric.parse import load_rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import SpeakerSeparation, Transcript
from qa.errors import AccessDeniedError, BadInputError, NotFoundError
from qa.pipeline.access.identity import Identity
from qa.pipeline.access.open_store import open_store
from qa.pipeline.transcription.speakers import swap_speakers
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.domain.speakers.test_speaker_roles import diarized
from tests.pipeline.disputes.test_replay_data import finalize
from tests.tui.data import _record, tone

REPO = Path(__file__).resolve().parents[3]
RUBRIC_FILE = REPO / "rubrics" / "acme_inbound.toml"
SARAH = Agent("sarah.k", "Sarah Kim", ("Sara",), "sarah", "Sales")
SUPERVISOR = Identity("tester", "supervisor")


def _call(store: Store, folder: Path, transcript: Transcript) -> int:
    """One call of Sarah's, transcribed and scored with the demo rubric."""
    store.save_agents([SARAH])
    when = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    store.save_files([_record(tone(folder / "call.wav"), "C-1001", "sarah.k", "sales", when)])
    call_id = store.calls()[0].id
    store.save_transcript(call_id, transcript)
    rubric = load_rubric(RUBRIC_FILE)
    store.save_rubric(rubric.name, rubric.version, rubric.sha256, RUBRIC_FILE.read_text())
    store.save_scorecard(call_id, score_call(transcript, rubric, SARAH, {}))
    return call_id


WRONG = diarized(0.9, greeter="customer")  # sure of itself, and wrong: the greeter is the agent


def test_swapping_corrects_the_roles_audits_and_rescores(store: Store, tmp_path: Path) -> None:
    call_id = _call(store, tmp_path, WRONG)
    before = store.scorecard(call_id)
    assert before is not None and before.items[0].verdict == Verdict.FAIL
    done = swap_speakers(store, SUPERVISOR, "C-1001")
    assert done.scorecard is not None and done.scorecard.items[0].verdict == Verdict.PASS
    stored = store.transcript(call_id)
    assert stored is not None and stored.segments[0].speaker == "agent"
    assert stored.speakers is not None and stored.speakers.note == "roles set by tester"
    events = store.audit_events("call", str(call_id))
    assert [e["action"] for e in events] == ["swap_speakers"]
    assert events[0]["actor"] == "tester"
    current = store.scorecard(call_id)
    assert current is not None and current.items[0].verdict == Verdict.PASS


def test_a_reviewed_scorecard_is_kept(store: Store, tmp_path: Path) -> None:
    call_id = _call(store, tmp_path, WRONG)
    finalize(store, call_id)
    before = store.scorecard(call_id)
    done = swap_speakers(store, SUPERVISOR, "C-1001")
    assert done.scorecard is None and "kept" in done.kept
    assert store.scorecard(call_id) == before


@pytest.mark.parametrize("separation", [SpeakerSeparation("channels"), None])
def test_stereo_calls_take_speakers_from_channels(
    store: Store, tmp_path: Path, separation: SpeakerSeparation | None
) -> None:
    # None: a stereo transcript that does not say how (Whisper's stereo calls, imported files)
    stereo = replace(WRONG, speakers=separation)
    call_id = _call(store, tmp_path, stereo)
    with pytest.raises(BadInputError, match="channels"):
        swap_speakers(store, SUPERVISOR, "C-1001")
    assert store.transcript(call_id) == stereo and store.audit_events("call", str(call_id)) == []


def test_an_agent_may_not_swap(store: Store, tmp_path: Path) -> None:
    _call(store, tmp_path, WRONG)
    with pytest.raises(AccessDeniedError):
        swap_speakers(store, Identity("sarah", "agent", "sarah.k"), "C-1001")


def test_the_cli_swaps_and_show_says_how_speakers_were_told_apart(
    workspace: Workspace, tmp_path: Path
) -> None:
    with open_store(workspace) as store:
        _call(store, tmp_path, WRONG)
    runner = CliRunner()
    shown = runner.invoke(app, ["show", "C-1001"])
    assert "speakers separated automatically (confidence 0.90)" in shown.output
    swapped = runner.invoke(app, ["speakers", "swap", "C-1001"])
    assert swapped.exit_code == 0, swapped.output
    assert "the first voice is now the agent" in swapped.output
    assert "roles set by tester" in runner.invoke(app, ["show", "C-1001"]).output
    missing = runner.invoke(app, ["speakers", "swap", "C-404"])
    assert isinstance(missing.exception, NotFoundError)  # main() prints it as one line, exit 2
