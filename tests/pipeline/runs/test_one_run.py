"""One run at a time, with real concurrent processes: a second `qa run`/`ingest`/`transcribe`/
`score` says who is running; two first runs on a new workspace never trip over the schema."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
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


HOLD_UNTIL_TOLD = (
    "import sys\n"
    "from qa.storage.engine import make_engine\n"
    "from qa.storage.run_lock import one_run\n"
    "with one_run(make_engine(sys.argv[1]), 'run'):\n"
    "    print('held', flush=True)\n"
    "    sys.stdin.readline()\n"
)


def _holder(database_url: str, script: str = HOLD_UNTIL_TOLD) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", script, database_url],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_run_with_wait_waits_for_the_first_then_does_the_work(
    ws: Path, database_url: str
) -> None:
    holder = _holder(database_url)
    try:
        waiter = _qa(ws, "run", "--engine", "file", "--wait", "5m")
        assert waiter.stderr is not None
        said = waiter.stderr.readline()  # the waiter is blocked: this is all it says until then
        assert said.startswith("Waiting for the run in progress (qa run, "), said
        assert f"pid {holder.pid} on {socket.gethostname()}, since " in said
        assert "giving up at " in said and said.count("\n") == 1
        assert waiter.poll() is None  # still waiting, nothing done
        with Store.open(database_url) as store:
            assert store.calls() == []
    finally:
        assert holder.stdin is not None
        holder.stdin.write("done\n")
        holder.stdin.close()
        holder.wait(timeout=60)
    out, err = waiter.communicate(timeout=300)
    assert waiter.returncode == 0, err
    assert "Another run is in progress" not in err and "Sarah Kim" in out
    with Store.open(database_url) as store:
        assert all(store.scorecard(c.id) is not None for c in store.calls())
        assert len(store.calls()) == 2


def test_a_wait_that_runs_out_refuses_as_without_it(ws: Path, database_url: str) -> None:
    holder = _holder(database_url, HOLD)
    try:
        for command in (["run", "--engine", "file"], ["ingest"], ["transcribe"], ["score"]):
            started = time.monotonic()
            done = run_qa(*command, "--wait", "1s")
            assert time.monotonic() - started >= 1.0
            assert done.exit_code == 2, done.stderr
            assert done.stdout == ""
            lines = done.stderr.strip().splitlines()
            assert lines[0].startswith("Waiting for the run in progress (qa run, pid ")
            assert "Another run is in progress (qa run, " in lines[1]
            assert f"pid {holder.pid} on {socket.gethostname()}, since " in lines[1]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with Store.open(database_url) as store:
        assert store.calls() == []  # nothing was done


def test_a_wait_that_is_no_duration_is_bad_input(ws: Path) -> None:
    done = run_qa("run", "--engine", "file", "--wait", "soon")
    assert done.exit_code == 2
    assert "--wait 'soon' is not a duration" in done.stderr and "30m" in done.stderr


def test_a_free_database_does_not_wait(ws: Path) -> None:
    started = time.monotonic()
    done = run_qa("ingest", "--wait", "2h")
    assert done.exit_code == 0, done.stderr
    assert "Waiting" not in done.stderr
    assert time.monotonic() - started < 120  # went on at once: nowhere near the two hours


@pytest.mark.parametrize(
    ("text", "seconds"), [("600", 600), ("90s", 90), ("30m", 1800), ("2h", 7200), ("1.5m", 90)]
)
def test_wait_durations_read_as_a_cron_user_writes_them(text: str, seconds: float) -> None:
    from qa.pipeline.runs.one_run import wait_seconds

    assert wait_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "-5", "30 minutes", "1d"])
def test_a_wait_that_is_not_a_duration_says_how_to_write_one(text: str) -> None:
    from qa.errors import BadInputError
    from qa.pipeline.runs.one_run import wait_seconds

    with pytest.raises(BadInputError, match="not a duration"):
        wait_seconds(text)
