"""`qa redact --verify` on its failure path: a copy with sound or spoken digits left in a
redacted span fails the check, and the command says so and exits 1."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.pipeline.access.open_store import open_store
from qa.pipeline.ingest.ingest import ingest
from qa.pipeline.redaction.audio import read_samples, write_flac
from qa.pipeline.redaction.redact import redacted_audio_path
from qa.pipeline.redaction.verify import verify_redacted_audio
from qa.pipeline.transcription.transcribe import TranscribeRequest, transcribe_calls
from qa.workspace import Workspace
from tests.engines.conftest import sox, speak
from tests.pipeline.redaction.test_redact_audio import _plant_transcript, _write_wav


def _redact(workspace: Workspace, *extra: str) -> tuple[int, str]:
    done = CliRunner().invoke(app, ["--workspace", str(workspace.root), "redact", *extra])
    return done.exit_code, " ".join(done.output.split())


def test_a_copy_with_sound_left_in_a_span_fails_verification(workspace: Workspace) -> None:
    audio = workspace.recordings_dir / "call.wav"
    _write_wav(audio)
    _plant_transcript(audio.with_name("call.transcript.json"))
    with open_store(workspace) as store:
        ingest(store, [str(workspace.recordings_dir)])
        transcribe_calls(store, workspace, TranscribeRequest(engine="file"))
        call = store.calls()[0]
    assert _redact(workspace, "--verify")[0] == 0  # the honest copy verifies
    copy = redacted_audio_path(workspace, call)
    samples, rate, layout, fmt = read_samples(audio)
    write_flac(samples, rate, layout, fmt, copy)  # the original slipped back in as the copy
    code, out = _redact(workspace, "--verify")
    assert code == 1, out
    assert "NOT SILENT" in out
    with open_store(workspace) as store:
        checks = [e for e in store.audit_events("call", str(call.id))
                  if e["action"] == "verify_redaction"]  # fmt: skip
    assert checks[-1]["after"]["silent"] is False


def test_digits_still_spoken_in_a_span_are_heard(tmp_path: Path) -> None:
    spoken = speak("four five three two zero one five one", tmp_path / "digits.wav")
    sox("-n", "-r", "16000", "-c", "1", tmp_path / "pad.wav", "trim", "0", "0.5")
    call = tmp_path / "call.wav"
    sox(tmp_path / "pad.wav", spoken, tmp_path / "pad.wav", call)
    samples, rate, _, _ = read_samples(call)
    span = [(0.4, samples.shape[1] / rate - 0.4)]
    checked = verify_redacted_audio(call, span)
    assert checked.digits_heard >= 2 and not checked.silent
    assert not checked.ok
