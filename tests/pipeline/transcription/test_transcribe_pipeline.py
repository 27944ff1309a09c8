"""The transcribe stage on real audio and a real store: saved when done, failures marked."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.domain.call import AudioInfo, CallMeta, TranscriptState
from qa.domain.transcript import Segment, Transcript, transcript_to_dict
from qa.engines.audio import decode
from qa.pipeline.access.open_store import open_store
from qa.pipeline.transcription.transcribe import (
    BatchPlanned,
    CallTranscribed,
    TranscribeRequest,
    transcribe_calls,
)
from qa.storage.records import FileRecord
from qa.storage.store import Store
from qa.workspace import Workspace, open_workspace
from tests.engines.conftest import audio_dir, tiny_whisper  # noqa: F401  (shared fixtures)


def register(store: Store, paths: list[Path]) -> list[int]:
    """Register recordings as ingest would; returns their call ids in order."""
    records = []
    for n, path in enumerate(paths):
        try:
            channels, rate = decode(path)
            audio = AudioInfo(channels.shape[1] / rate, channels.shape[0], rate)
        except Exception:  # noqa: BLE001  (a corrupt file is registered readable on purpose)
            audio = AudioInfo(1.0, 1, 16000)
        meta = CallMeta(call_id=f"C-{n}", agent="sarah.k")
        records.append(
            FileRecord(str(path), f"{n:064x}", path.stat().st_size, 1, n, meta, audio=audio)
        )
    store.save_files(records)
    by_path = {c.path: c.id for c in store.calls()}
    return [by_path[str(p)] for p in paths]


@pytest.fixture
def calls(workspace: Workspace, audio_dir: Path) -> list[Path]:  # noqa: F811
    """Two stereo calls (agent on the left) and one corrupt file, in the workspace's recordings."""
    folder = workspace.recordings_dir
    shutil.copy(audio_dir / "agent_only.flac", folder / "one.flac")
    shutil.copy(audio_dir / "customer_only.wav", folder / "two.wav")
    (folder / "three.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEbroken")
    return [folder / "one.flac", folder / "two.wav", folder / "three.wav"]


@pytest.fixture
def store(workspace: Workspace) -> Iterator[Store]:
    opened = open_store(workspace)
    yield opened
    opened.close()


def run(store: Store, ws: Workspace, **request: object) -> tuple[object, list[object]]:
    events: list[object] = []
    summary = transcribe_calls(store, ws, TranscribeRequest(**request), events.append)  # type: ignore[arg-type]
    return summary, events


def test_each_call_is_saved_and_a_corrupt_one_is_marked_failed(
    store: Store, workspace: Workspace, calls: list[Path]
) -> None:
    one, two, three = register(store, calls)
    summary, events = run(store, workspace, engine="pocketsphinx")
    assert (summary.done, summary.failed) == (2, 1)  # type: ignore[attr-defined]
    assert isinstance(events[0], BatchPlanned) and events[0].calls == 3
    assert sorted(e.call_id for e in events if isinstance(e, CallTranscribed)) == [one, two, three]
    first = store.transcript(one)
    assert first is not None and "thank you for calling" in " ".join(s.text for s in first.segments)
    assert {s.speaker for s in first.segments} == {"agent"}
    second = store.transcript(two)
    assert second is not None and {s.speaker for s in second.segments} == {"customer"}
    broken = store.call(three)
    assert broken.transcript_state == TranscriptState.FAILED
    assert "three.wav" in broken.problem


def test_a_second_run_resumes_with_only_what_is_left(
    store: Store, workspace: Workspace, calls: list[Path]
) -> None:
    one, _, three = register(store, calls)
    run(store, workspace, engine="pocketsphinx")
    saved = store.transcript(one)
    summary, events = run(store, workspace, engine="pocketsphinx")
    # the corrupt file failed on this very input: retrying it would fail the same way
    assert [e.call_id for e in events if isinstance(e, CallTranscribed)] == []
    assert (summary.done, summary.failed, summary.unchanged) == (0, 0, 1)  # type: ignore[attr-defined]
    assert store.transcript(one) == saved  # nothing redone, nothing duplicated
    _, events = run(store, workspace, engine="pocketsphinx", model="other")
    assert [e.call_id for e in events if isinstance(e, CallTranscribed)] == [three]  # new engine


def test_a_transcript_file_beside_the_recording_is_used(
    store: Store, workspace: Workspace, calls: list[Path]
) -> None:
    one, two, _ = register(store, calls)
    given = Transcript((Segment(0.5, 2.0, "agent", "thank you for calling acme"),), 6.0, engine="x")
    calls[0].with_name("one.transcript.json").write_text(json.dumps(transcript_to_dict(given)))
    summary, _ = run(store, workspace, engine="file")
    stored = store.transcript(one)
    assert stored is not None and stored.segments == given.segments and stored.engine == "x"
    assert store.call(two).transcript_state == TranscriptState.FAILED  # no file, no engine
    assert "no transcript file" in store.call(two).problem
    assert summary.done == 1  # type: ignore[attr-defined]


def test_whisper_hears_the_rubric_and_agent_names(
    store: Store,
    workspace: Workspace,
    calls: list[Path],
    tiny_whisper: Path,  # noqa: F811
) -> None:
    one, *_ = register(store, calls[:1])
    with (workspace.root / "qa.toml").open("a") as settings:
        settings.write("\n[whisper]\nsample_len = 8\ntemperature = [0.0]\n")  # random weights
    workspace = open_workspace(workspace.root)
    summary, events = run(store, workspace, engine="whisper", model=str(tiny_whisper))
    assert summary.done == 1  # type: ignore[attr-defined]
    transcript = store.transcript(one)
    assert transcript is not None and transcript.engine == "whisper:tiny-random.en"
    assert transcript.extra["vocabulary"] == ["Acme Wireless", "Acme", "Sarah Kim", "Sarah", "Sara"]
    assert str(tiny_whisper) in events[0].engine  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_process_pool_gives_the_same_transcripts(
    store: Store, workspace: Workspace, calls: list[Path]
) -> None:
    ids = register(store, calls)
    summary, _ = run(store, workspace, engine="pocketsphinx", workers=2)
    assert (summary.done, summary.failed) == (2, 1)  # type: ignore[attr-defined]
    transcript = store.transcript(ids[0])
    assert transcript is not None and "thank you for calling" in transcript.segments[0].text


@pytest.mark.slow
def test_a_dask_cluster_does_the_work_and_the_client_writes(
    store: Store, workspace: Workspace, calls: list[Path]
) -> None:
    from distributed import LocalCluster

    ids = register(store, calls[:2])
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        summary, _ = run(
            store, workspace, engine="pocketsphinx", scheduler=cluster.scheduler_address
        )
    assert (summary.done, summary.failed) == (2, 0)  # type: ignore[attr-defined]
    transcripts = [store.transcript(i) for i in ids]
    speakers = [{s.speaker for s in t.segments} for t in transcripts if t is not None]
    assert speakers == [{"agent"}, {"customer"}]
