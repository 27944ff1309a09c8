"""`qa run` with a broken recording among good ones: the good ones are scored, the broken one is
named on stderr with its reason and what to do, and the exit code is 1 so cron and CI notice."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.pipeline.runs.test_run import DEMO, PERFECT, RUDE, _transcript_file, _workspace
from tests.qa_main import run_qa


def _scored_refs(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "select c.call_ref from calls c join scorecards s on s.id = c.current_scorecard_id"
        ).fetchall()
    return {ref for (ref,) in rows}


@pytest.fixture
def broken_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """C-1001 and C-1008 (good), C-1004 cut to half its bytes (a truncated FLAC) and C-1003
    whose transcript file has a time that is not a number."""
    stems = ["C-1001_perfect", "C-1003_no-agent-name", "C-1008_prohibited-phrase"]
    root = _workspace(tmp_path, stems, "rate = 1.0")
    _transcript_file(root, "C-1001_perfect", PERFECT)
    _transcript_file(root, "C-1008_prohibited-phrase", RUDE)
    bad_times = '{"format": "qa-transcript/1", "duration": 3.0, "segments": ' \
        '[{"start": NaN, "end": 2.0, "speaker": "agent", "text": "hello"}]}'  # fmt: skip
    (root / "recordings" / "C-1003_no-agent-name.transcript.json").write_text(bad_times)
    whole = (DEMO / "C-1004_missed-closing.flac").read_bytes()
    (root / "recordings" / "C-1004_missed-closing.flac").write_bytes(whole[: len(whole) // 2])
    shutil.copy(DEMO / "C-1004_missed-closing.json", root / "recordings")
    monkeypatch.chdir(root)
    monkeypatch.setenv("QA_LOGIN", "root")
    monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    return root


def test_a_broken_recording_fails_alone_and_the_run_exits_1(broken_ws: Path) -> None:
    done = run_qa("run", "--engine", "file")

    assert done.exit_code == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert {"C-1001", "C-1008"} <= _scored_refs(broken_ws / "qa.db")  # the good ones are done
    assert "Sarah Kim" in done.stdout and "qa review" in done.stdout  # the summary is printed
    assert "2 calls failed" in done.stderr
    cut = next(line for line in done.stderr.splitlines() if "C-1004_missed-closing.flac" in line)
    assert "ingest:" in cut and "truncated" in cut and "repair or replace the recording" in cut
    bad = next(line for line in done.stderr.splitlines() if "C-1003_no-agent-name" in line)
    assert "transcribe:" in bad and "finite" in bad and "the next run retries it" in bad
    assert "qa calls --unreadable" in done.stderr


def test_a_rerun_with_nothing_changed_skips_old_failures_and_exits_0(broken_ws: Path) -> None:
    assert run_qa("run", "--engine", "file").exit_code == 1
    again = run_qa("run", "--engine", "file")
    assert again.exit_code == 0, again.stderr
    assert "1 call that failed before was skipped" in again.stderr
    fixed = broken_ws / "recordings" / "C-1003_no-agent-name.transcript.json"
    fixed.write_text(json.dumps(json.loads(fixed.read_text().replace("NaN", "0.5"))))
    third = run_qa("run", "--engine", "file")
    assert third.exit_code == 0, third.stderr
    assert "C-1003" in _scored_refs(broken_ws / "qa.db")


def test_a_clean_run_exits_0_and_names_no_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path, ["C-1001_perfect", "C-1008_prohibited-phrase"], "rate = 1.0")
    _transcript_file(root, "C-1001_perfect", PERFECT)
    _transcript_file(root, "C-1008_prohibited-phrase", RUDE)
    monkeypatch.chdir(root)
    monkeypatch.setenv("QA_LOGIN", "root")
    monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    done = run_qa("run", "--engine", "file")
    assert done.exit_code == 0, done.stderr
    assert "failed" not in done.stderr.replace("0 failed", "")


def test_run_help_documents_the_exit_codes() -> None:
    shown = run_qa("run", "--help").stdout
    assert "Exit codes" in shown and "1 some call failed" in " ".join(shown.split())
    assert "--wait" in shown
