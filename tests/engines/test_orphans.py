"""Workers die with their parent (`kill -9` of a run leaves no worker, no model, behind), and a
call that kills its worker fails alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.engines.base import EngineSpec
from qa.engines.workers.job import CallJob, JobOutcome
from qa.engines.workers.pool import CRASHED, pooled

# A parent that starts the transcription pool's workers on long jobs, prints their pids, waits.
PARENT = """
import sys, time
from qa.engines.workers.pool import worker_pool

pool = worker_pool(2)
futures = [pool.submit(time.sleep, 120) for _ in range(2)]
while len(pool._processes) < 2:
    time.sleep(0.05)
time.sleep(1.0)  # both workers are busy sleeping
print(*pool._processes, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie holds no memory; it only waits to be reaped


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the workers")
def test_no_worker_outlives_a_killed_parent() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip
    try:
        assert parent.stdout is not None
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(w) for w in workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 5.0
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = [w for w in workers if _alive(w)]
    finally:
        parent.kill()
    for pid in survivors:  # clean up before failing, so the test leaves nothing running
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


def crash_on_13(job: CallJob, spec: EngineSpec) -> JobOutcome:
    """A transcriber that dies outright (as a segfault in a decoder would) on call 13."""
    if job.call_id == 13:
        os._exit(139)
    time.sleep(0.2)
    return JobOutcome(job.call_id, None, f"heard {job.source}")


def test_a_call_that_kills_its_worker_fails_alone_and_the_batch_goes_on() -> None:
    jobs = [CallJob(n, f"call{n}.wav", {}, ()) for n in range(10, 18)]
    outcomes = {o.call_id: o.error for o in pooled(jobs, crash_on_13, EngineSpec("x"), 2)}
    assert sorted(outcomes) == list(range(10, 18))  # every call has an outcome, once
    assert outcomes.pop(13) == CRASHED
    assert all(error.startswith("heard") for error in outcomes.values())
