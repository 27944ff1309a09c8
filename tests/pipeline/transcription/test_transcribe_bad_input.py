"""One bad transcript never blocks a batch: it fails alone, with a reason, and is retried only
once its input changes (issue 14)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.domain.call import TranscriptState
from qa.domain.transcript import Segment, Transcript, transcript_to_dict
from qa.pipeline.access.open_store import open_store
from qa.pipeline.transcription.transcribe import TranscribeRequest, transcribe_calls
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.conftest import write_wav
from tests.pipeline.transcription.test_transcribe_pipeline import register

GOOD = transcript_to_dict(
    Transcript((Segment(0.5, 2.0, "agent", "thank you for calling acme"),), 3.0)
)
NAN_TIMES = '{"format": "qa-transcript/1", "duration": 3.0, "segments": ' \
    '[{"start": NaN, "end": Infinity, "speaker": "agent", "text": "hello"}]}'  # fmt: skip
NOT_AN_OBJECT = {**GOOD, "segments": [GOOD["segments"][0], "thank you for calling"]}
NEGATIVE = {**GOOD, "segments": [{"start": -70, "end": 1.0, "speaker": "agent", "text": "hi"}]}
BACKWARDS = {**GOOD, "segments": [{"start": 2.0, "end": 1.0, "speaker": "agent", "text": "hi"}]}
WHISPER_NOT_AN_OBJECT = {"language": "en", "segments": [7]}


def _calls(ws: Workspace, bodies: dict[str, str]) -> list[Path]:
    paths = []
    for name, body in bodies.items():
        audio = write_wav(ws.recordings_dir / f"{name}.wav", seconds=3.0, pitch=200 + len(paths))
        audio.with_name(f"{name}.transcript.json").write_text(body)
        paths.append(audio)
    return paths


BAD = {
    "nan": NAN_TIMES,
    "not_object": json.dumps(NOT_AN_OBJECT),
    "negative": json.dumps(NEGATIVE),
    "backwards": json.dumps(BACKWARDS),
    "whisper": json.dumps(WHISPER_NOT_AN_OBJECT),
}


def test_bad_transcripts_fail_alone_and_the_batch_goes_on(
    workspace: Workspace, store: Store
) -> None:  # SQLite and PostgreSQL (NaN became NULL on SQLite: an IntegrityError)
    paths = _calls(workspace, {**BAD, "good": json.dumps(GOOD)})
    ids = register(store, paths)
    summary = transcribe_calls(store, workspace, TranscribeRequest(engine="file"))
    assert (summary.done, summary.failed) == (1, len(BAD))
    assert store.transcript(ids[-1]) is not None  # the call after the bad ones is done
    for call_id, name in zip(ids, BAD, strict=False):
        call = store.call(call_id)
        assert call.transcript_state == TranscriptState.FAILED
        assert f"{name}.transcript.json" in call.problem, call.problem
    reasons = {name: store.call(i).problem for i, name in zip(ids, BAD, strict=False)}
    assert "finite" in reasons["nan"]
    assert "segment 1" in reasons["not_object"] and "object" in reasons["not_object"]
    assert "before the recording" in reasons["negative"]
    assert "before it starts" in reasons["backwards"]


def test_an_unchanged_failure_is_not_retried_and_a_fixed_file_is(workspace: Workspace) -> None:
    (nan_call,) = paths = _calls(workspace, {"nan": NAN_TIMES})
    with open_store(workspace) as store:
        (call_id,) = register(store, paths)
        request = TranscribeRequest(engine="file")
        assert transcribe_calls(store, workspace, request).failed == 1
        again = transcribe_calls(store, workspace, request)
        assert (again.done, again.failed, again.unchanged) == (0, 0, 1)
        fixed = nan_call.with_name("nan.transcript.json")
        fixed.write_text(json.dumps(GOOD))
        os.utime(fixed, ns=(1, 10**18))  # a new stamp even on a coarse clock
        fixed_run = transcribe_calls(store, workspace, request)
        assert (fixed_run.done, fixed_run.failed) == (1, 0)
        assert store.call(call_id).transcript_state == TranscriptState.DONE


def test_a_transcript_longer_than_its_recording_is_refused(workspace: Workspace) -> None:
    late = {**GOOD, "duration": 0, "segments": [{"start": 1.0, "end": 60.0, "text": "hi"}]}
    paths = _calls(workspace, {"late": json.dumps(late)})
    with open_store(workspace) as store:
        (call_id,) = register(store, paths)
        transcribe_calls(store, workspace, TranscribeRequest(engine="file"))
        assert "after the recording" in store.call(call_id).problem


def test_the_cli_exits_1_and_lists_the_failed_call_as_a_problem(workspace: Workspace) -> None:
    paths = _calls(workspace, {"nan": NAN_TIMES, "good": json.dumps(GOOD)})
    with open_store(workspace) as store:
        register(store, paths)
    result = CliRunner().invoke(app, ["transcribe", "--engine", "file"])
    assert result.exit_code == 1, result.output
    assert "1 transcribed, 1 failed" in result.output
    listed = CliRunner().invoke(app, ["calls", "--unreadable", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [c["file"].endswith("nan.wav") for c in json.loads(listed.output)] == [True]
