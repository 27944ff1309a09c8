"""`qa transcribe` as a user runs it: progress and a summary, or one clear error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.domain.transcript import Segment, Transcript, transcript_to_dict
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.pipeline.transcription.test_transcribe_pipeline import register


def test_file_engine_run_prints_the_engine_and_a_summary(workspace: Workspace) -> None:
    recording = workspace.recordings_dir / "c1.wav"
    recording.write_bytes(b"not decoded: the transcript beside it is used")
    given = Transcript((Segment(0.5, 2.0, "agent", "thank you for calling acme"),), 3.0)
    recording.with_name("c1.transcript.json").write_text(json.dumps(transcript_to_dict(given)))
    with Store.open(workspace.database_url) as store:
        register(store, [recording])
    result = CliRunner().invoke(app, ["transcribe", "--engine", "file"])
    assert result.exit_code == 0, result.output
    assert "1 transcribed, 0 failed" in result.output
    assert "engine: transcript files" in result.output


def test_whisper_without_weights_is_one_clear_error(workspace: Workspace, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "empty-cache"), "COLUMNS": "400"}
    done = subprocess.run(
        [sys.executable, "-m", "qa", "transcribe", "--engine", "whisper", "--model", "small.en"],
        capture_output=True, text=True, env=env, cwd=workspace.root,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "empty-cache/whisper/small.en.pt" in done.stderr
    assert "--engine pocketsphinx" in done.stderr


def test_sample_and_pending_together_is_bad_usage(workspace: Workspace) -> None:
    result = CliRunner().invoke(app, ["transcribe", "--sample", "1", "--pending"])
    assert result.exit_code != 0


def test_progress_shows_audio_done_and_left_and_the_rate() -> None:
    from qa.cli.transcribe import _progress, _ProgressView
    from qa.pipeline.transcription.transcribe import BatchPlanned, CallTranscribed

    view = _ProgressView(_progress())
    view(BatchPlanned(calls=3, audio_seconds=1800.0, engine="Whisper tiny.en (faster-whisper)"))
    view.started -= 60.0  # a minute of work
    view(CallTranscribed(1, "a.flac", 600.0))
    line = view.audio_detail()
    assert "10.0 min of 30.0 min done, 20.0 min left" in line
    assert "x real time" in line and float(line.split(", ")[-1].split("x")[0]) >= 9.0
