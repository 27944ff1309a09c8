"""Bad files never stop ingest: each is registered with its reason, and the batch goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.domain.agents import Agent
from qa.pipeline.ingest.ingest import ingest
from qa.storage.store import Store
from tests.conftest import write_wav


def _problems(store: Store) -> dict[str, str]:
    return {os.path.basename(c.path): c.problem for c in store.calls(problems=True)}


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "recordings"
    folder.mkdir()
    write_wav(folder / "a_good.wav", pitch=300)
    (folder / "b_empty.wav").write_bytes(b"")
    (folder / "c_truncated.wav").write_bytes((folder / "a_good.wav").read_bytes()[:30])
    (folder / "d_text.wav").write_text("this is not audio\n")
    (folder / "e_folder.wav").mkdir()
    (folder / "f_vanished.wav").symlink_to(folder / "gone.wav")  # the file is gone when read
    write_wav(folder / "g_bad_sidecar.wav", pitch=400)
    (folder / "g_bad_sidecar.json").write_text('{"agent": "sarah.k",')
    write_wav(folder / "h_ghost.wav", pitch=500)
    (folder / "h_ghost.json").write_text('{"agent": "ghost"}')
    write_wav(folder / "i_list_sidecar.wav", pitch=600)
    (folder / "i_list_sidecar.json").write_text('["sarah.k"]')
    write_wav(folder / "z_good.wav", pitch=700)
    return folder


def test_each_bad_file_is_recorded_with_its_reason(store: Store, bad_folder: Path) -> None:
    store.save_agents([Agent("sarah.k", "Sarah Kim")])
    report = ingest(store, [str(bad_folder)])
    assert report.new == 10 and report.unreadable == 5 and report.unknown_agent == 1
    problems = _problems(store)
    assert problems["b_empty.wav"] == "empty file (0 bytes)"
    assert problems["c_truncated.wav"].startswith("cannot decode audio")
    assert problems["d_text.wav"].startswith("cannot decode audio")
    assert problems["e_folder.wav"] == "is a folder, not an audio file"
    assert problems["f_vanished.wav"] == "cannot read (No such file or directory)"
    assert "invalid JSON at line 1" in problems["g_bad_sidecar.wav"]
    assert problems["h_ghost.wav"] == "unknown agent 'ghost' (not in agents.toml)"
    assert "must hold a JSON object" in problems["i_list_sidecar.wav"]
    assert sorted(os.path.basename(p) for p, _ in report.problems) == sorted(problems)


def test_the_batch_goes_on_past_bad_files(store: Store, bad_folder: Path) -> None:
    ingest(store, [str(bad_folder)])
    readable = {os.path.basename(c.path) for c in store.calls(unreadable=False)}
    assert {"a_good.wav", "z_good.wav", "g_bad_sidecar.wav", "h_ghost.wav"} <= readable
    unreadable = {os.path.basename(c.path) for c in store.calls(unreadable=True)}
    assert unreadable == {
        "b_empty.wav",
        "c_truncated.wav",
        "d_text.wav",
        "e_folder.wav",
        "f_vanished.wav",
    }


def test_bad_files_are_not_registered_twice(store: Store, bad_folder: Path) -> None:
    first = ingest(store, [str(bad_folder)])
    again = ingest(store, [str(bad_folder)])
    assert (again.new, again.known) == (0, first.new)
    assert len(store.calls()) == first.new


def test_an_unreadable_file_that_is_fixed_becomes_readable(store: Store, tmp_path: Path) -> None:
    (tmp_path / "late.wav").write_bytes(b"")
    ingest(store, [str(tmp_path)])
    write_wav(tmp_path / "late.wav")
    assert ingest(store, [str(tmp_path)]).updated == 1
    (call,) = store.calls()
    assert call.readable and call.problem == ""


def test_non_utf8_and_space_filled_names_work(store: Store, tmp_path: Path) -> None:
    odd = os.fsdecode(tmp_path).encode() + b"/caf\xe9 call  01.wav"
    write_wav(Path(os.fsdecode(odd)))
    write_wav(tmp_path / "  spaced   name .wav", pitch=900)
    assert ingest(store, [str(tmp_path)]).new == 2
    paths = {os.fsencode(c.path) for c in store.calls()}
    assert odd in paths
    assert ingest(store, [str(tmp_path)]).known == 2


def test_a_sidecar_with_invalid_unicode_is_a_problem_not_a_crash(
    store: Store, tmp_path: Path
) -> None:
    write_wav(tmp_path / "a.wav")
    (tmp_path / "a.json").write_text('{"agent": "\\ud800"}')
    (tmp_path / "b.json").write_bytes(b'{"agent": "\xff"}')
    write_wav(tmp_path / "b.wav", pitch=800)
    ingest(store, [str(tmp_path)])
    assert _problems(store) == {
        "a.wav": "sidecar a.json: holds text that is not valid Unicode",
        "b.wav": "sidecar b.json: not UTF-8 text",
    }


def test_a_missing_root_is_bad_input(store: Store, tmp_path: Path) -> None:
    from qa.errors import BadInputError

    with pytest.raises(BadInputError, match="No such file or folder"):
        ingest(store, [str(tmp_path / "nowhere")])


def test_a_filename_pattern_on_a_non_utf8_name_stores_escaped_text(
    store: Store, tmp_path: Path
) -> None:
    write_wav(Path(os.fsdecode(os.fsencode(tmp_path) + b"/20261120-091400_s\xe9b_C-1.wav")))
    ingest(store, [str(tmp_path)], filename_pattern="{date:%Y%m%d-%H%M%S}_{agent}_{call_id}")
    (call,) = store.calls()
    assert call.meta.agent == "s\\xe9b" and call.meta.call_id == "C-1"
