"""Sampling speed: the pure draw per strategy, and gathering risk weights per call vs in one query.

Run: python bench/sample_draw.py   (prints medians of 3 runs and ratios against the baselines)
"""

from __future__ import annotations

import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from qa.domain.call import AudioInfo, CallMeta
from qa.domain.sampling.sampling import (
    Candidate,
    SamplingPolicy,
    Strategy,
    draw_sample,
    risk_weight,
)
from qa.domain.scorecard import ItemResult, RubricRef, Scorecard, Verdict
from qa.pipeline.sampling.sample import CallFilter, gather_population
from qa.storage.records import FileRecord
from qa.storage.store import Store

RUNS = 3
DRAW_CALLS = 100_000  # a month of a 200-seat centre
AGENTS = 200
STORED_CALLS = 1_000  # scored calls in the database for the gathering benchmark


def median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def candidates() -> list[Candidate]:
    return [
        Candidate(i, f"agent{i % AGENTS}", hashlib.sha256(b"%d" % i).hexdigest(), 1.0 + i % 5)
        for i in range(DRAW_CALLS)
    ]


def bench_draw() -> None:
    pool = candidates()
    print(f"draw_sample over {DRAW_CALLS:,} calls, {AGENTS} agents, 5% with 2 per agent:")
    base = 0.0
    for strategy in Strategy:
        policy = SamplingPolicy(rate=0.05, per_agent=2, strategy=strategy, seed=1)
        seconds = median_seconds(lambda p=policy: draw_sample(pool, p))  # type: ignore[misc]
        base = base or seconds
        print(f"  {strategy.value:7s} {seconds:7.3f} s   {seconds / base:5.2f}x")


def scored_store(folder: Path) -> Store:
    store = Store.open(f"sqlite:///{folder / 'qa.db'}")
    start = datetime(2026, 11, 2, tzinfo=UTC)
    store.save_files(
        [
            FileRecord(
                path=f"r/{i}.wav",
                sha256=f"{i:064x}",
                size=1,
                mtime_ns=i,
                inode=i,
                meta=CallMeta(f"C{i}", f"a{i % 20}", start + timedelta(minutes=i)),
                audio=AudioInfo(60.0, 2, 8000),
            )
            for i in range(STORED_CALLS)
        ]
    )
    rubric = RubricRef("bench", "1", "b" * 64)
    items = (
        ItemResult("a", "", "", Verdict.UNCERTAIN, 10.0),
        ItemResult("b", "", "", Verdict.PASS, 10.0),
    )
    for call in store.calls():
        store.save_scorecard(call.id, Scorecard(rubric, items))
    return store


def per_call_weights(store: Store) -> list[float]:
    """The baseline: load each call's whole scorecard to weigh it."""
    return [risk_weight(store.scorecard(call.id)) for call in store.calls()]


def bench_gather() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = scored_store(Path(tmp))
        baseline = median_seconds(lambda: per_call_weights(store))
        batched = median_seconds(lambda: gather_population(store, CallFilter(), weigh_risk=True))
        plain = median_seconds(lambda: gather_population(store, CallFilter(), weigh_risk=False))
        store.close()
    print(f"risk weights for {STORED_CALLS:,} scored calls on SQLite:")
    print(f"  store.scorecard per call (baseline) {baseline:7.3f} s   1.00x")
    print(f"  gather_population, one query        {batched:7.3f} s   {batched / baseline:5.3f}x")
    print(f"  gather_population, no weights       {plain:7.3f} s   {plain / baseline:5.3f}x")


if __name__ == "__main__":
    bench_draw()
    bench_gather()
