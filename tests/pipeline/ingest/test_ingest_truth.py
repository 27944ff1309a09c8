"""Ingest tells the truth (issue 14): a truncated recording is unreadable at ingest, with a
reason; manifest mistakes and a call_id on two files are problems `qa calls --unreadable` lists."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.engines.audio import decode
from qa.pipeline.ingest.ingest import ingest
from qa.pipeline.ingest.probe import probe
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.conftest import write_recording, write_wav


def _problems(store: Store) -> dict[str, str]:
    return {os.path.basename(c.path): c.problem for c in store.calls(problems=True)}


def _flac(path: Path, seconds: float) -> Path:
    synth = ["synth", str(seconds), "sine", "300", "sine", "500"]
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "2", str(path), *synth], check=True)
    return path


@pytest.mark.parametrize("kept", [0.3, 0.6, 0.95])
def test_a_truncated_flac_is_unreadable_with_a_reason(tmp_path: Path, kept: float) -> None:
    whole = _flac(tmp_path / "whole.flac", 30)
    cut = tmp_path / "cut.flac"
    cut.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * kept)])
    audio, problem = probe(str(cut))
    assert audio is None and "truncated" in problem
    assert probe(str(whole))[1] == ""


def test_a_wav_cut_short_is_unreadable(tmp_path: Path) -> None:
    whole = tmp_path / "whole.wav"  # sox writes a header FFmpeg trusts for the duration
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", str(whole), "synth", "20", "sine", "300"])
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * 0.5)])
    assert "truncated" in probe(str(cut))[1]


def test_a_gsm_recording_with_a_partial_last_block_is_readable_and_decodes(tmp_path: Path) -> None:
    gsm = write_recording(tmp_path / "gsm.wav", "gsm", seconds=1.0)
    audio, problem = probe(str(gsm))
    assert audio is not None and problem == ""
    channels, rate = decode(gsm)  # what transcription will read
    assert channels.shape[1] / rate > 0.9


def test_ingest_then_calls_unreadable_shows_the_truncated_file(workspace: Workspace) -> None:
    folder = workspace.recordings_dir
    whole = _flac(folder / "whole.flac", 20)
    (folder / "cut.flac").write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    runner = CliRunner()
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    listed = runner.invoke(app, ["calls", "--unreadable", "--json"])
    problems = {os.path.basename(c["file"]): c["problem"] for c in json.loads(listed.output)}
    assert list(problems) == ["cut.flac"] and "truncated" in problems["cut.flac"]


def test_manifest_rows_with_missing_cells_are_problems(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    for n, name in enumerate(("a.wav", "b.wav", "c.wav")):
        write_wav(folder / name, pitch=300 + 50 * n)
    (folder / "manifest.csv").write_text(
        "file,call_id,agent,queue\na.wav,C-1,sarah.k,sales\nb.wav,C-2\nc.wav,C-3,sarah.k,sales,x\n"
    )
    ingest(store, [str(folder)])
    problems = _problems(store)
    assert "missing cells (agent, queue)" in problems["b.wav"]
    assert "more cells than the header" in problems["c.wav"]
    assert "manifest" not in problems.get("a.wav", "")


def test_a_manifest_without_a_file_column_is_a_problem_of_its_calls(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    write_wav(folder / "a.wav")
    (folder / "manifest.csv").write_text("name,call_id\na.wav,C-1\n")
    ingest(store, [str(folder)])
    assert "no `file` column" in _problems(store)["a.wav"]
    (folder / "manifest.csv").write_text("file,call_id\na.wav,C-1\n")
    os.utime(folder / "manifest.csv", ns=(1, 10**18))
    ingest(store, [str(folder)])
    assert "a.wav" not in _problems(store)  # fixed: the problem goes with it


def test_one_call_id_on_two_files_is_a_problem_naming_both(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    for n, name in enumerate(("a.wav", "b.wav")):
        write_wav(folder / name, pitch=300 + 50 * n)
        (folder / name).with_suffix(".json").write_text('{"call_id": "C-1001"}')
    ingest(store, [str(folder)])
    problem = _problems(store)["b.wav"]
    assert "duplicate call_id 'C-1001'" in problem
    assert "a.wav" in problem and "b.wav" in problem
    write_wav(folder / "c.wav", pitch=900)  # a later run meets it against the database
    (folder / "c.json").write_text('{"call_id": "C-1001"}')
    ingest(store, [str(folder)])
    assert "a.wav" in _problems(store)["c.wav"]
    assert "a.wav" not in _problems(store)  # the first holder stays clean
