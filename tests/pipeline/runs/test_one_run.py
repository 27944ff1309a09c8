"""One run at a time, with real concurrent processes: a second `qa run`/`ingest`/`transcribe`/
`score` says who is running; two first runs on a new workspace never trip over the schema."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from qa.storage.store import Store
from tests.pipeline.runs.test_run import two_call_workspace
from tests.qa_main import run_qa

HOLD = (
    "import sys, time\n"
    "from qa.storage.engine import make_engine\n"
    "from qa.storage.run_lock import one_run\n"
    "with one_run(make_engine(sys.argv[1]), 'run'):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(120)\n"
)


@pytest.fixture
def ws(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new workspace with two calls (transcript files beside them), not yet run."""
    root = two_call_workspace(tmp_path, database_url, monkeypatch)
    return root


def _qa(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "qa", *args], cwd=root, env=dict(os.environ),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_a_second_run_says_who_is_running_until_the_first_dies(ws: Path, database_url: str) -> None:
    assert run_qa("ingest").exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, database_url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for command in (["run", "--engine", "file"], ["ingest"], ["transcribe"], ["score"]):
            done = run_qa(*command)
            assert done.exit_code == 2, done.stderr
            assert done.stdout == ""
            assert "Another run is in progress (qa run, " in done.stderr
            assert f"pid {holder.pid} on {socket.gethostname()}, since " in done.stderr
        assert run_qa("calls").exit_code == 0  # reading is never blocked
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    done = run_qa("run", "--engine", "file")  # the dead holder's lock is gone with it
    assert done.exit_code == 0, done.stderr


def _finished(processes: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    results = []
    for process in processes:
        _out, err = process.communicate(timeout=300)
        results.append((process.returncode, err))
    return results


@pytest.mark.parametrize("command", [["run", "--engine", "file"], ["ingest"]])
def test_two_first_runs_at_once_do_the_work_once(
    ws: Path, database_url: str, command: list[str]
) -> None:
    results = _finished([_qa(ws, *command), _qa(ws, *command)])
    for code, err in results:
        assert "Traceback" not in err and "already exists" not in err, err
        assert code == 0 or (code == 2 and "Another run is in progress" in err), err
    assert any(code == 0 for code, _ in results)
    with Store.open(database_url) as store:
        calls = store.calls()
        assert sorted(c.meta.call_id for c in calls) == ["C-1001", "C-1008"]
        if command[0] == "run":
            assert all(len(store.scorecard_history(c.id)) == 1 for c in calls)
