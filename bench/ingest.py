"""Ingest throughput: files/second for a first ingest and a re-ingest of an unchanged tree.

Baselines measured in the same run: walking + stat'ing the tree (the floor for a re-ingest) and
hashing + probing every file without a database (the floor for a first ingest).

    python bench/ingest.py [--files 10000] [--repeats 3] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import struct
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from pathlib import Path

from qa.pipeline.ingest.ingest import ingest
from qa.pipeline.ingest.probe import content_sha256, probe
from qa.pipeline.ingest.scan import scan_paths
from qa.storage.store import Store

FILES_PER_FOLDER = 500  # like a day of calls per folder
SAMPLE_RATE = 8000  # Hz, telephone audio
FRAMES = 800  # 0.1 s per file: small files, so the figures measure ingest, not disk speed


def make_tree(root: Path, count: int) -> None:
    """`count` distinct small WAV files in folders of FILES_PER_FOLDER."""
    for n in range(count):
        folder = root / f"day{n // FILES_PER_FOLDER:03d}"
        folder.mkdir(exist_ok=True)
        with wave.open(str(folder / f"call{n:05d}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            out.writeframes(struct.pack("<I", n) + bytes(FRAMES * 2 - 4))  # differ -> new hash


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def hash_and_probe(root: Path) -> None:
    for found in scan_paths([str(root)]).audio:
        content_sha256(found.path)
        probe(found.path)


def one_round(root: Path, url: str) -> tuple[float, float]:
    """(first ingest seconds, re-ingest seconds) on a fresh database."""
    store = Store.open(url)
    try:
        first = timed(lambda: ingest(store, [str(root)]))
        again = timed(lambda: ingest(store, [str(root)]))
        assert store.count_calls() == len(scan_paths([str(root)]).audio)
    finally:
        store.close()
    return first, again


def fresh_url(base: str, scratch: Path, n: int) -> str:
    if base:
        return base  # a PostgreSQL URL: the caller gives a fresh schema/database per repeat
    return f"sqlite:///{scratch / f'bench{n}.db'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        root = scratch / "recordings"
        root.mkdir()
        make_tree(root, args.files)
        scan_s = statistics.median(
            timed(lambda: scan_paths([str(root)])) for _ in range(args.repeats)
        )
        probe_s = statistics.median(
            timed(lambda: hash_and_probe(root)) for _ in range(args.repeats)
        )
        rounds = [
            one_round(root, fresh_url(args.database_url, scratch, n)) for n in range(args.repeats)
        ]
    first_s = statistics.median(r[0] for r in rounds)
    again_s = statistics.median(r[1] for r in rounds)
    n = args.files
    print(f"files: {n}, repeats: {args.repeats}, python {sys.version.split()[0]}")
    rows = [
        ("baseline walk+stat", scan_s, ""),
        ("baseline hash+probe", probe_s, ""),
        ("first ingest", first_s, f"{first_s / probe_s:.2f}x hash+probe time"),
        ("re-ingest (unchanged)", again_s, f"{again_s / scan_s:.2f}x walk+stat time"),
    ]
    for label, seconds, ratio in rows:
        print(f"{label:24} {n / seconds:10.0f} files/s  {ratio}")


if __name__ == "__main__":
    main()
