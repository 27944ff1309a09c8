"""Ingest on real audio: every format, hashes, idempotence, moves and metadata precedence."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import qa.pipeline.ingest.probe as probe_module
from qa.domain.agents import Agent
from qa.pipeline.ingest.ingest import ingest
from qa.storage.store import Store
from tests.conftest import write_recording, write_wav

PATTERN = "{date:%Y%m%d-%H%M%S}_{agent}_{call_id}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "recordings"
    path.mkdir()
    return path


@pytest.fixture
def agents(store: Store) -> Store:
    store.save_agents([Agent("sarah.k", "Sarah Kim", login="sarah"), Agent("tom.b", "Tom Berg")])
    return store


FORMATS = [
    ("pcm.wav", "", "pcm_s16le"),
    ("mulaw.wav", "ulaw", "pcm_mulaw"),
    ("alaw.wav", "alaw", "pcm_alaw"),
    ("gsm.wav", "gsm", "gsm_ms"),
    ("call.flac", "", "flac"),
    ("call.mp3", "", "mp3"),
    ("call.ogg", "", "vorbis"),
    ("call.opus", "", "opus"),
    ("call.m4a", "", "aac"),
]


def test_every_audio_format_is_registered_with_what_probing_found(
    store: Store, folder: Path
) -> None:
    for i, (name, encoding, _) in enumerate(FORMATS):
        write_recording(folder / name, encoding, seconds=1.0, pitch=300 + 50 * i)
    report = ingest(store, [str(folder)])
    assert (report.new, report.unreadable, report.problems) == (len(FORMATS), 0, [])
    calls = {Path(c.path).name: c for c in store.calls()}
    for name, _, codec in FORMATS:
        call = calls[name]
        assert call.audio is not None, name
        assert call.audio.codec.startswith(codec.split("_")[0]), (name, call.audio.codec)
        assert call.audio.duration == pytest.approx(1.0, abs=0.2), name  # mp3 pads frames
        assert call.audio.channels == 1
        assert call.sha256 == hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert call.size == (folder / name).stat().st_size


def test_stereo_recordings_report_two_channels(store: Store, folder: Path) -> None:
    write_wav(folder / "stereo.wav", channels=2)
    ingest(store, [str(folder)])
    (call,) = store.calls()
    assert call.audio is not None and call.audio.channels == 2 and call.audio.sample_rate == 8000


def test_ingesting_twice_adds_nothing_and_hashes_nothing_again(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        write_wav(folder / f"c{i}.wav", pitch=200 + i)
    assert ingest(store, [str(folder)]).new == 3

    def no_hashing(path: str) -> str:
        raise AssertionError(f"re-hashed {path}")

    monkeypatch.setattr(probe_module, "content_sha256", no_hashing)
    again = ingest(store, [str(folder)])
    assert (again.new, again.known, again.updated) == (0, 3, 0)
    assert len(store.calls()) == 3


def test_a_moved_file_keeps_its_call_and_gets_its_new_path(store: Store, folder: Path) -> None:
    write_wav(folder / "a.wav")
    ingest(store, [str(folder)])
    (before,) = store.calls()
    (folder / "2026").mkdir()
    os.rename(folder / "a.wav", folder / "2026" / "renamed.wav")
    report = ingest(store, [str(folder)])
    assert (report.moved, report.new) == (1, 0)
    (after,) = store.calls()
    assert after.id == before.id and after.path == str(folder / "2026" / "renamed.wav")


def test_a_copy_of_known_audio_is_a_duplicate_not_a_new_call(store: Store, folder: Path) -> None:
    write_wav(folder / "a.wav")
    (folder / "copy.wav").write_bytes((folder / "a.wav").read_bytes())
    report = ingest(store, [str(folder)])
    assert (report.new, report.duplicate) == (1, 1)
    assert report.duplicates == [(str(folder / "copy.wav"), str(folder / "a.wav"))]
    assert len(store.calls()) == 1


def test_a_file_changed_in_place_is_hashed_again(store: Store, folder: Path) -> None:
    write_wav(folder / "a.wav", pitch=300)
    ingest(store, [str(folder)])
    write_wav(folder / "a.wav", pitch=500, seconds=0.7)
    report = ingest(store, [str(folder)])
    assert report.updated == 1
    (call,) = store.calls()
    assert call.sha256 == hashlib.sha256((folder / "a.wav").read_bytes()).hexdigest()


def test_metadata_precedence_is_sidecar_then_manifest_then_filename(
    agents: Store, folder: Path
) -> None:
    stem = "20261120-091400_tom.b_C-1001"
    write_wav(folder / f"{stem}.wav")
    (folder / "manifest.csv").write_text(
        f"file,queue,direction,offers\n{stem}.wav,care,inbound,family plan;device protection\n"
    )
    sidecar = {"queue": "sales", "agent": "sarah", "crm_id": 7}
    (folder / f"{stem}.json").write_text(json.dumps(sidecar))
    ingest(agents, [str(folder)], filename_pattern=PATTERN)
    (call,) = agents.calls()
    meta = call.meta
    assert meta.call_id == "C-1001"  # filename
    assert (
        meta.started_at is not None and meta.started_at.isoformat() == "2026-11-20T09:14:00+00:00"
    )
    assert meta.direction == "inbound"  # manifest
    assert meta.offers == ("family plan", "device protection")  # manifest, split
    assert meta.queue == "sales" and meta.agent == "sarah.k"  # sidecar wins; login resolved to id
    assert meta.extra == {"crm_id": 7}  # unknown keys kept
    assert call.problem == ""


def test_a_changed_sidecar_is_read_again_without_rehashing(agents: Store, folder: Path) -> None:
    write_wav(folder / "a.wav")
    (folder / "a.json").write_text('{"agent": "sarah.k", "queue": "sales"}')
    ingest(agents, [str(folder)])
    (folder / "a.json").write_text('{"agent": "tom.b", "queue": "retention"}')
    report = ingest(agents, [str(folder)])
    assert report.updated == 1
    (call,) = agents.calls()
    assert (call.meta.agent, call.meta.queue) == ("tom.b", "retention")


def test_an_unknown_agent_resolves_once_added_to_the_directory(store: Store, folder: Path) -> None:
    write_wav(folder / "a.wav")
    (folder / "a.json").write_text('{"agent": "nina.p"}')
    report = ingest(store, [str(folder)])
    assert report.unknown_agent == 1
    assert "unknown agent 'nina.p'" in store.calls()[0].problem
    store.save_agents([Agent("nina.p", "Nina Park")])
    assert ingest(store, [str(folder)]).updated == 1
    assert store.calls()[0].problem == "" and store.calls()[0].meta.agent == "nina.p"


def test_metadata_and_other_files_are_passed_over_silently(store: Store, folder: Path) -> None:
    write_wav(folder / "a.wav")
    (folder / "a.json").write_text("{}")
    (folder / "a.transcript.json").write_text('{"format": "qa-transcript/1", "segments": []}')
    (folder / "manifest.csv").write_text("file\na.wav\n")
    (folder / "notes.txt").write_text("call back tuesday")
    (folder / ".DS_Store").write_bytes(b"\0\1")
    report = ingest(store, [str(folder)])
    assert (report.seen, report.new, report.problems) == (1, 1, [])


def test_a_single_file_can_be_named_and_keeps_its_sidecar(store: Store, folder: Path) -> None:
    write_wav(folder / "a.wav")
    write_wav(folder / "b.wav", pitch=600)
    (folder / "a.json").write_text('{"call_id": "C-9"}')
    report = ingest(store, [str(folder / "a.wav")])
    assert report.new == 1
    assert store.calls()[0].meta.call_id == "C-9"
