"""A local process pool for transcription that survives a crashing call and dies with its parent.

A recording that crashes the decoder or the model kills its worker process, and Python then
fails every job still in the pool (BrokenProcessPool). Rather than stop the batch, the jobs that
were in flight are run again one at a time, each in a fresh one-worker pool: the one that
crashes again is the cause and fails with a reason; the others are transcribed as normal.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from qa.engines.base import EngineSpec
from qa.engines.workers.job import CallJob, JobOutcome
from qa.engines.workers.orphans import guarded_initializer

IN_FLIGHT_PER_WORKER = 2  # jobs queued ahead per worker: keeps workers busy, memory bounded
CRASHED = "the transcriber crashed on this recording (its worker process died)"
Work = Callable[[CallJob, EngineSpec], JobOutcome]
Setup = tuple[Callable[..., Any] | None, tuple[Any, ...]]  # worker initializer and its arguments


def worker_pool(
    workers: int, initializer: Callable[..., Any] | None = None, args: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process ends, even by SIGKILL."""
    # spawn, not fork: a forked copy of a process that already holds torch threads can deadlock.
    context = multiprocessing.get_context("spawn")
    guarded = (os.getpid(), initializer, *args)
    return ProcessPoolExecutor(workers, context, guarded_initializer, guarded)


def _round(
    pending: Iterator[CallJob], work: Work, spec: EngineSpec, workers: int, setup: Setup
) -> Generator[JobOutcome, None, list[CallJob]]:
    """Outcomes until the jobs run out (returns []) or a worker dies (returns those in flight)."""
    with worker_pool(workers, *setup) as pool:
        running: dict[Future[JobOutcome], CallJob] = {}
        for job in islice(pending, workers * IN_FLIGHT_PER_WORKER):
            running[pool.submit(work, job, spec)] = job
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    return list(running.values())
                del running[future]
                yield outcome
            try:
                for job in islice(pending, len(done)):
                    running[pool.submit(work, job, spec)] = job
            except BrokenProcessPool:
                return list(running.values()) + [job]
    return []


def _alone(job: CallJob, work: Work, spec: EngineSpec, setup: Setup) -> JobOutcome:
    with worker_pool(1, *setup) as pool:
        try:
            return pool.submit(work, job, spec).result()
        except BrokenProcessPool:
            return JobOutcome(job.call_id, None, CRASHED)


def pooled(
    jobs: Iterable[CallJob], work: Work, spec: EngineSpec, workers: int, setup: Setup = (None, ())
) -> Iterator[JobOutcome]:
    """`work(job, spec)` for every job on `workers` processes, outcomes as they finish."""
    pending = iter(jobs)
    while True:
        in_flight = yield from _round(pending, work, spec, workers, setup)
        if not in_flight:
            return
        for job in in_flight:  # one by one: only the call that crashes again fails
            yield _alone(job, work, spec, setup)
