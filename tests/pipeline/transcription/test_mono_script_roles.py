"""The transcribe stage hands the rubric's script to the workers; on the demo mono call the agent
is still found with it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.domain.call import AudioInfo, CallMeta
from qa.domain.rubric.parse import load_rubric
from qa.domain.speaker_trust import TRUSTED_CONFIDENCE
from qa.domain.speakers.roles import script_phrases
from qa.pipeline.access.agents import read_agents_file
from qa.pipeline.access.open_store import open_store
from qa.pipeline.transcription.transcribe import TranscribeRequest, rubric_hints, transcribe_calls
from qa.storage.records import FileRecord
from qa.storage.store import Store
from qa.workspace import Workspace

REPO = Path(__file__).resolve().parents[3]
DEMO_RUBRIC = REPO / "rubrics" / "acme_inbound.toml"
MONO_CALL = REPO / "recordings" / "C-1010_mono.flac"


@pytest.fixture
def store(workspace: Workspace) -> Iterator[Store]:
    shutil.copy(DEMO_RUBRIC, workspace.root / "rubrics" / "acme_inbound.toml")
    opened = open_store(workspace)
    yield opened
    opened.close()


def test_the_workers_get_the_default_rubric_s_script(store: Store, workspace: Workspace) -> None:
    hints = rubric_hints(workspace)
    assert hints.script == script_phrases(load_rubric(DEMO_RUBRIC)) and not hints.warning
    assert ("upgrade my phone",) in hints.script.customer  # a customer's trigger, long enough


def test_a_broken_rubric_warns_and_leaves_only_the_built_in_cues(workspace: Workspace) -> None:
    (workspace.root / "rubrics" / "acme_inbound.toml").write_text("name = [")
    hints = rubric_hints(workspace)
    assert not hints.script.agent and "no rubric names or script" in hints.warning


@pytest.mark.slow  # pocketsphinx and voice separation on a 46 s call: about a minute here
def test_the_agent_of_the_demo_mono_call_is_found_through_the_stage(
    store: Store, workspace: Workspace
) -> None:
    path = workspace.recordings_dir / MONO_CALL.name
    shutil.copy(MONO_CALL, path)
    store.save_agents(read_agents_file(REPO / "agents.toml"))
    meta = CallMeta(call_id="C-1010", agent="james.o")
    audio = AudioInfo(45.9, 1, 16000)
    store.save_files(
        [FileRecord(str(path), "1" * 64, path.stat().st_size, 1, 0, meta, audio=audio)]
    )
    summary = transcribe_calls(store, workspace, TranscribeRequest(engine="pocketsphinx"))
    assert (summary.done, summary.failed) == (1, 0)
    transcript = store.transcript(store.calls()[0].id)
    assert transcript is not None and transcript.speakers is not None
    assert transcript.speakers.method == "diarization"
    assert (transcript.speakers.confidence or 0.0) >= TRUSTED_CONFIDENCE
    assert transcript.segments[0].speaker == "agent"
    agent_words = " ".join(s.text for s in transcript.segments if s.speaker == "agent")
    assert "recorded" in agent_words  # the disclosure is the agent's
