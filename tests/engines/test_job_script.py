"""A transcription job carries the rubric's script to any worker: pickled, or shipped with bytes."""

from __future__ import annotations

import pickle
from pathlib import Path

from qa.domain.speakers.roles import ScriptPhrases
from qa.engines.workers.job import CallJob
from qa.engines.workers.runners import _with_audio

SCRIPT = ScriptPhrases(
    agent=(("good morning you're through to {business}",), ("calls are monitored for training",)),
    customer=(("lost my card", "my card has been stolen"),),
)


def test_a_job_with_a_script_survives_pickling_for_a_process_pool() -> None:
    job = CallJob(3, "call.flac", {"left": "agent"}, ("Harper Valley",), SCRIPT)
    assert pickle.loads(pickle.dumps(job)) == job
    assert len(pickle.dumps(job)) < 1000  # small: one is queued per call


def test_a_job_shipped_to_a_cluster_keeps_its_script(tmp_path: Path) -> None:
    recording = tmp_path / "call.flac"
    recording.write_bytes(b"audio bytes")
    shipped = _with_audio(CallJob(3, str(recording), {}, ("Harper Valley",), SCRIPT))
    assert isinstance(shipped, CallJob)
    assert shipped.source == b"audio bytes" and shipped.script == SCRIPT
