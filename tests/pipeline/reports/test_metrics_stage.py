"""The metrics stage on real audio files and a real database: measured, stored, refreshed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa.domain.metrics.metrics import metric_verdict
from qa.domain.transcript import Segment, Transcript
from qa.errors import WorkspaceError
from qa.pipeline.reports.metrics import measure_calls, stored_metrics
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.engines.test_acoustics import stereo_call, write_wav
from tests.storage.records import file_record, register

# What the agent and customer of tests.engines.test_acoustics.stereo_call say, with its timing.
TRANSCRIPT = Transcript(
    segments=(
        Segment(1.0, 4.0, "agent", "thank you for calling acme wireless my name is sarah"),
        Segment(3.5, 8.0, "customer", "hi i would like to upgrade my phone please"),
        Segment(10.0, 15.0, "agent", "sure let me check which phones your plan includes today"),
    ),
    duration=20.0,
)


def _call(store: Store, path: Path, transcript: Transcript | None = TRANSCRIPT) -> int:
    (call_id,) = register(store, file_record(str(path)))
    if transcript is not None:
        store.save_transcript(call_id, transcript)
    return call_id


def test_a_transcribed_call_is_measured_from_its_audio(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    call_id = _call(store, write_wav(tmp_path / "c1.wav", stereo_call()))
    summary = measure_calls(workspace, store)
    assert (summary.done, summary.failed) == (1, 0)
    metrics = stored_metrics(store, call_id)
    assert metrics is not None and metrics.source == "audio"
    assert metrics.longest_silence == pytest.approx(2.0, abs=0.1)
    assert metrics.overtalk == pytest.approx(0.5, abs=0.05)
    assert metrics.agent_wpm == pytest.approx(20 / (8 / 60), rel=0.03)  # 20 words in 8 s
    assert metrics.monotone is True  # the generated agent voice is one steady tone
    assert metric_verdict(metrics, "longest_silence", None, 1.5)[0] is False


def test_only_calls_transcribed_since_their_last_measurement_are_measured(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    measured = _call(store, write_wav(tmp_path / "a.wav", stereo_call()))
    _call(store, write_wav(tmp_path / "b.wav", stereo_call()), transcript=None)
    assert store.calls_to_measure() == [measured]
    measure_calls(workspace, store)
    assert store.calls_to_measure() == []
    store.save_transcript(measured, replace(TRANSCRIPT, engine="whisper:small.en"))
    assert store.calls_to_measure() == [measured]


def test_unreadable_audio_falls_back_to_the_transcript_and_the_batch_goes_on(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF truncated")
    from_text = _call(store, broken)
    (no_text,) = register(store, file_record(str(tmp_path / "missing.wav")))
    good = _call(store, write_wav(tmp_path / "good.wav", stereo_call()))
    summary = measure_calls(workspace, store, [from_text, no_text, good])
    assert (summary.done, summary.failed) == (2, 1)
    assert "missing.wav" in summary.problems[0]
    fallback = stored_metrics(store, from_text)
    assert fallback is not None and fallback.source == "transcript"
    assert fallback.longest_silence == pytest.approx(2.0)
    assert stored_metrics(store, no_text) is None


def test_a_mono_recording_takes_speakers_from_a_labelled_transcript(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    call_id = _call(store, write_wav(tmp_path / "mono.wav", stereo_call()[:1]))
    measure_calls(workspace, store)
    metrics = stored_metrics(store, call_id)
    assert metrics is not None and metrics.source == "transcript"
    assert metrics.talk_time == {"agent": 8.0, "customer": 4.5}
    assert metrics.duration == pytest.approx(20.0)


def test_an_unknown_detector_in_settings_stops_the_batch(
    store: Store, workspace: Workspace
) -> None:
    bad = replace(workspace, settings={**workspace.settings, "metrics": {"detector": "ears"}})
    with pytest.raises(WorkspaceError, match="detector"):
        measure_calls(bad, store)
