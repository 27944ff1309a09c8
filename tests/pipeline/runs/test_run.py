"""`qa run`, the main job: recordings to stored scorecards in one command, safe to run again."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "recordings"


def _workspace(tmp_path: Path, stems: list[str], sample: str) -> Path:
    root = tmp_path / "ws"
    (root / "recordings").mkdir(parents=True)
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    shutil.copy(REPO / "agents.toml", root / "agents.toml")
    settings = (REPO / "qa.toml").read_text(encoding="utf-8")
    head, _, _ = settings.partition("[sample]")
    (root / "qa.toml").write_text(head + f"[sample]\n{sample}\n", encoding="utf-8")
    for stem in stems:
        for suffix in (".flac", ".json"):
            shutil.copy(DEMO / f"{stem}{suffix}", root / "recordings" / f"{stem}{suffix}")
    return root


def _transcript_file(root: Path, stem: str, agent_lines: list[tuple[float, str]]) -> None:
    segments = [
        {"start": t, "end": t + 3.0, "speaker": "agent", "text": text} for t, text in agent_lines
    ]
    body = {"format": "qa-transcript/1", "duration": 60.0, "engine": "hand", "segments": segments}
    path = root / "recordings" / f"{stem}.transcript.json"
    path.write_text(json.dumps(body), encoding="utf-8")


PERFECT = [
    (0.5, "thank you for calling acme wireless my name is sarah"),
    (4.0, "please note this call may be recorded for quality"),
    (30.0, "our family plan would save you ten dollars a month"),
    (50.0, "is there anything else i can help you with"),
]
RUDE = [
    (0.5, "acme wireless tom speaking"),
    (20.0, "sir you need to calm down"),
]


def _rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def test_run_scores_the_sample_and_a_second_run_adds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path, ["C-1001_perfect", "C-1008_prohibited-phrase"], "rate = 1.0")
    _transcript_file(root, "C-1001_perfect", PERFECT)
    _transcript_file(root, "C-1008_prohibited-phrase", RUDE)
    monkeypatch.chdir(root)
    runner = CliRunner()

    first = runner.invoke(app, ["run", "--engine", "file"])
    assert first.exit_code == 0, first.output
    assert "Sarah Kim" in first.output and "AUTO-FAIL" in first.output
    assert "qa review" in first.output
    # the perfect call earns every decided point; only demeanor awaits a supervisor
    lines = first.output.splitlines()
    perfect = next(i for i, line in enumerate(lines) if "C-1001" in line)
    assert " 100 " in lines[perfect] and "87.5–100" in lines[perfect + 1]
    assert "2 scorecards wait for a supervisor" in first.output
    db = root / "qa.db"
    assert _rows(db, "select count(*) from scorecards")[0][0] == 2

    second = runner.invoke(app, ["run", "--engine", "file"])
    assert second.exit_code == 0, second.output
    assert "no new recordings" in second.output
    assert _rows(db, "select count(*) from samples")[0][0] == 1
    assert _rows(db, "select count(*) from scorecards")[0][0] == 2
    assert _rows(db, "select count(*) from transcripts")[0][0] == 2


def test_run_all_scores_every_call_then_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path, ["C-1001_perfect", "C-1008_prohibited-phrase"], "count = 1")
    _transcript_file(root, "C-1001_perfect", PERFECT)
    _transcript_file(root, "C-1008_prohibited-phrase", RUDE)
    monkeypatch.chdir(root)

    done = CliRunner().invoke(app, ["run", "--all", "--engine", "file"])

    assert done.exit_code == 0, done.output
    db = root / "qa.db"
    assert _rows(db, "select count(*) from scorecards")[0][0] == 2
    assert _rows(db, "select count(*) from sample_members")[0][0] == 1


def _wait_for_first_transcript(db: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if _rows(db, "select count(*) from transcripts")[0][0] >= 1:
                return
        except sqlite3.OperationalError:
            pass  # tables not created yet
        time.sleep(0.2)
    pytest.fail("the first transcript never arrived")


@pytest.mark.slow
def test_a_killed_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    stems = ["C-1001_perfect", "C-1003_no-agent-name", "C-1008_prohibited-phrase"]
    root = _workspace(tmp_path, stems, "rate = 1.0")
    env = {**os.environ, "QA_ENGINE": "pocketsphinx"}
    command = [sys.executable, "-m", "qa", "run"]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    db = root / "qa.db"
    _wait_for_first_transcript(db, process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    kept = _rows(db, "select call_id from transcripts")

    resumed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)

    assert resumed.returncode == 0, resumed.stderr
    transcripts = _rows(db, "select call_id from transcripts")
    assert len(transcripts) == len({t[0] for t in transcripts}) == 3
    assert set(kept) <= set(transcripts)
    assert _rows(db, "select count(*) from samples")[0][0] == 1
    scored = _rows(db, "select count(distinct call_id) from scorecards")[0][0]
    assert scored == 3


def two_call_workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new workspace (the current directory, login root) with C-1001 and C-1008 beside their
    transcript files, on `database_url`; nothing run yet."""
    root = _workspace(tmp_path, ["C-1001_perfect", "C-1008_prohibited-phrase"], "rate = 1.0")
    _transcript_file(root, "C-1001_perfect", PERFECT)
    _transcript_file(root, "C-1008_prohibited-phrase", RUDE)
    monkeypatch.chdir(root)
    monkeypatch.setenv("QA_LOGIN", "root")
    monkeypatch.setenv("QA_DATABASE_URL", database_url)
    return root
