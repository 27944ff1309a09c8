"""Where transcription jobs run: this process, a local process pool, or a Dask cluster."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from qa.engines.base import EngineSpec, usable_cores
from qa.engines.workers.job import CallJob, JobOutcome, init_worker, run_job
from qa.engines.workers.pool import IN_FLIGHT_PER_WORKER, pooled
from qa.errors import BadInputError


def run_here(jobs: Iterable[CallJob], spec: EngineSpec) -> Iterator[JobOutcome]:
    """Jobs one after another in this process (the model loads once, on the first call)."""
    for job in jobs:
        yield run_job(job, spec)


def run_pool(jobs: Iterable[CallJob], spec: EngineSpec, workers: int) -> Iterator[JobOutcome]:
    """Jobs on `workers` processes, each loading the model once in its initializer."""
    # Workers share the cores; more torch threads than cores makes them wait on each other.
    spec = replace(spec, threads=spec.threads or max(1, usable_cores() // workers))
    return pooled(jobs, run_job, spec, workers, (init_worker, (spec,)))


def _with_audio(job: CallJob) -> CallJob | JobOutcome:
    """The job with the recording's bytes in place of its path, for workers on other machines;
    the job's failed outcome when the recording cannot be read."""
    if isinstance(job.source, bytes):
        return job
    try:
        with open(job.source, "rb") as recording:
            return replace(job, source=recording.read())
    except OSError as error:
        return JobOutcome(job.call_id, None, f"cannot read {job.source}: {error.strerror}")


def run_cluster(jobs: Iterable[CallJob], spec: EngineSpec, address: str) -> Iterator[JobOutcome]:
    """Jobs on a Dask distributed cluster; audio is shipped, results come back to this process."""
    from distributed import Client

    try:
        client = Client(address, timeout="10s")
    except OSError as error:
        raise BadInputError(
            f"Cannot reach the Dask scheduler at {address}: {error}.",
            hint="Start one with `dask scheduler` and workers with `dask worker ADDRESS`.",
        ) from error
    with client:
        slots = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
        yield from _ClusterQueue(client, spec, iter(jobs), slots).outcomes()


class _ClusterQueue:
    """Keeps a bounded number of jobs on the cluster, so audio is not all held in memory at once."""

    def __init__(self, client: Any, spec: EngineSpec, jobs: Iterator[CallJob], slots: int) -> None:
        from distributed import as_completed

        self.client, self.spec, self.jobs, self.slots = client, spec, jobs, slots
        self.queue = as_completed()
        self.in_flight = 0

    def _refill(self) -> Iterator[JobOutcome]:
        while self.in_flight < self.slots:
            job = next(self.jobs, None)
            if job is None:
                return
            shipped = _with_audio(job)
            if isinstance(shipped, JobOutcome):
                yield shipped
                continue
            self.queue.add(self.client.submit(run_job, shipped, self.spec, pure=False))
            self.in_flight += 1

    def outcomes(self) -> Iterator[JobOutcome]:
        """Outcomes in the order calls finish."""
        yield from self._refill()
        for future in self.queue:
            self.in_flight -= 1
            yield future.result()
            yield from self._refill()


def run_jobs(
    jobs: Iterable[CallJob], spec: EngineSpec, workers: int = 1, scheduler: str = ""
) -> Iterator[JobOutcome]:
    """Outcomes as calls finish, from the cluster, a process pool or this process."""
    if scheduler:
        return run_cluster(jobs, spec, scheduler)
    if workers > 1:
        return run_pool(jobs, spec, workers)
    return run_here(jobs, spec)
