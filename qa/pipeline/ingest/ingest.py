"""Ingest: register recordings by content hash with their metadata; idempotent, never stops."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from qa.domain.agents import Agent, find_agent
from qa.domain.call import CallMeta
from qa.domain.call_meta import FilenamePattern, merge_sources, meta_from_fields
from qa.errors import BadInputError, WorkspaceError
from qa.pipeline.ingest.metadata import Manifest, read_sidecar, sidecar_path
from qa.pipeline.ingest.probe import Examined, examine
from qa.pipeline.ingest.scan import FoundFile, Scan, scan_paths
from qa.storage.records import FileRecord, FileStamp
from qa.storage.store import Store

BATCH_SIZE = 500  # files per transaction: large enough to amortise commits, small to lose little
EXAMINE_THREADS = min(4, 2 * (os.cpu_count() or 1))
UNKNOWN_AGENT = "unknown agent"
Progress = Callable[[int, int], None]


@dataclass
class IngestReport:
    """What one ingest run did, and every problem it met (path, reason)."""

    new: int = 0
    known: int = 0
    updated: int = 0
    moved: int = 0
    duplicate: int = 0
    unreadable: int = 0
    unknown_agent: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    unreadable_files: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, same audio as)

    @property
    def seen(self) -> int:
        """Audio files looked at."""
        return self.new + self.known + self.updated + self.moved + self.duplicate


def compile_pattern(text: str) -> FilenamePattern | None:
    """The workspace's filename pattern (None when unset); a bad one is a settings error."""
    if not text:
        return None
    try:
        return FilenamePattern.compile(text)
    except (ValueError, IndexError) as exc:
        raise WorkspaceError(
            f"qa.toml: {exc}.", hint="Example: {date:%Y%m%d-%H%M%S}_{agent}_{call_id}"
        ) from exc


def _agents_digest(agents: Sequence[Agent], pattern: FilenamePattern | None) -> str:
    # Metadata is re-read when the directory or pattern change (an unknown agent may now resolve).
    parts = [pattern.text if pattern else "", *(f"{a.id}/{a.login}/{a.name}" for a in agents)]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()


class IngestRun:
    """One pass over the files a scan found, writing to the store in batches."""

    def __init__(self, store: Store, scan: Scan, pattern: FilenamePattern | None) -> None:
        self.store, self.scan, self.pattern = store, scan, pattern
        self.agents = store.agents()
        self.digest = _agents_digest(self.agents, pattern)
        self.manifest = Manifest()
        for path, stamp in scan.manifests:
            self.manifest.add(path, stamp)
        known = store.known_files()
        self.by_path = {k.path: k for k in known}
        self.by_sha = {k.sha256: k for k in known if k.readable and k.sha256}
        self.new: list[FileRecord] = []
        self.changed: list[tuple[int, FileRecord]] = []
        self.report = IngestReport(problems=list(self.manifest.problems))
        self.refs = CallRefs(store.call_refs())

    def meta_stamp(self, path: str) -> str:
        """Fingerprint of everything the file's metadata comes from."""
        sidecar = self.scan.sidecars.get(sidecar_path(path), "")
        return f"{self.digest}|{sidecar}|{self.manifest.stamps.get(os.path.normpath(path), '')}"

    def plan(self, found: FoundFile) -> Job | None:
        """What must be done for one file; None (counted as known) when nothing changed."""
        known = self.by_path.get(found.path)
        unchanged = known is not None and _same_file(known, found)
        stamp = self.meta_stamp(found.path)
        if known is not None and unchanged and known.meta_stamp == stamp:
            self.report.known += 1
            return None
        reuse = known.sha256 if known is not None and unchanged else ""
        return Job(found, stamp, known, reuse)

    def take(self, job: Job, examined: Examined) -> None:
        """Decide what one examined file is (changed, moved, duplicate, new) and queue its write."""
        record = self.record(job, examined)
        if job.known is not None:
            record = self.refs.check(record, job.known.call_id)
            self._queue_change(job.known.call_id, record, "updated")
        elif record.audio is not None and record.sha256 in self.by_sha:
            other = self.by_sha[record.sha256]
            self._moved_or_duplicate(other, self.refs.check(record, other.call_id))
        else:
            self._queue_new(self.refs.check(record, 0))

    def _queue_new(self, record: FileRecord) -> None:
        self.new.append(record)
        self.report.new += 1
        self._note(record)
        if record.audio is not None:
            self.by_sha[record.sha256] = _stamp_of(0, record)

    def _queue_change(self, call_id: int, record: FileRecord, kind: str) -> None:
        self.changed.append((call_id, record))
        setattr(self.report, kind, getattr(self.report, kind) + 1)
        self._note(record)
        self.by_path[record.path] = _stamp_of(call_id, record)

    def _moved_or_duplicate(self, other: FileStamp, record: FileRecord) -> None:
        if other.call_id and not os.path.lexists(other.path):
            self.by_path.pop(other.path, None)
            self._queue_change(other.call_id, record, "moved")
            return
        self.report.duplicate += 1
        self.report.duplicates.append((record.path, other.path))

    def _note(self, record: FileRecord) -> None:
        if record.audio is None:
            self.report.unreadable += 1
            self.report.unreadable_files.append((record.path, record.problem))
        if UNKNOWN_AGENT in record.problem:
            self.report.unknown_agent += 1
        if record.problem:
            self.report.problems.append((record.path, record.problem))

    def record(self, job: Job, examined: Examined) -> FileRecord:
        """The file with its hash, audio facts and metadata, ready to store."""
        found = job.found
        meta, meta_problems = self.meta(found.path)
        reasons = [p for p in (found.error or examined.problem, *meta_problems) if p]
        return FileRecord(
            path=found.path,
            sha256=examined.sha256,
            size=found.size,
            mtime_ns=found.mtime_ns,
            inode=found.inode,
            meta=meta,
            meta_stamp=job.stamp,
            audio=None if found.error else examined.audio,
            problem="; ".join(reasons),
        )

    def meta(self, path: str) -> tuple[CallMeta, list[str]]:
        """Metadata by precedence: sidecar over manifest over filename pattern."""
        sidecar: dict[str, Any] = {}
        sidecar_problem = ""
        if sidecar_path(path) in self.scan.sidecars:
            sidecar, sidecar_problem = read_sidecar(sidecar_path(path))
        stem = os.path.splitext(os.path.basename(path))[0]
        named = self.pattern.fields(_storable(stem)) if self.pattern else {}
        meta, problems = meta_from_fields(merge_sources(named, self.manifest.fields(path), sidecar))
        problems = [sidecar_problem, *problems] if sidecar_problem else problems
        problems = [*self.manifest.problems_of(path), *problems]
        if meta.agent:
            agent = find_agent(self.agents, meta.agent)
            if agent is None:
                problems.append(f"{UNKNOWN_AGENT} {meta.agent!r} (not in agents.toml)")
            else:
                meta = replace(meta, agent=agent.id)
        return meta, problems

    def flush(self) -> None:
        """Write the queued files in one transaction."""
        if self.new or self.changed:
            self.store.save_files(self.new, self.changed)
        self.new, self.changed = [], []


class CallRefs:
    """Which file holds each call_id, so a second file claiming one is a problem naming both."""

    def __init__(self, known: dict[str, tuple[int, str]]) -> None:
        self.owners = known  # call_id -> (db id, path)

    def check(self, record: FileRecord, call_id: int) -> FileRecord:
        """The record, with a problem when another file already holds its call_id."""
        ref = record.meta.call_id
        owner = self.owners.get(ref) if ref else None
        if owner is None or owner[1] == record.path or (call_id and owner[0] == call_id):
            if ref:
                self.owners[ref] = (call_id, record.path)
            return record
        problem = f"duplicate call_id {ref!r}: on two files, {owner[1]} and {record.path}"
        return replace(record, problem="; ".join(p for p in (record.problem, problem) if p))


def _storable(text: str) -> str:
    # Undecodable bytes in a file name (surrogate escapes) cannot go into the database as text.
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class Job:
    """A file that must be examined: new, changed on disk, or with changed metadata."""

    found: FoundFile
    stamp: str
    known: FileStamp | None
    reuse_sha256: str  # the stored hash when only the metadata changed


def _same_file(known: FileStamp, found: FoundFile) -> bool:
    return (known.size, known.mtime_ns, known.inode) == (found.size, found.mtime_ns, found.inode)


def _stamp_of(call_id: int, record: FileRecord) -> FileStamp:
    return FileStamp(
        call_id,
        record.path,
        record.sha256,
        record.size,
        record.mtime_ns,
        record.inode,
        record.meta_stamp,
        record.audio is not None,
    )


def _examine(job: Job) -> Examined:
    if job.found.error:
        return Examined("", None, job.found.error)
    return examine(job.found.path, job.found.size, job.reuse_sha256)


def ingest(
    store: Store,
    roots: Sequence[str],
    *,
    filename_pattern: str = "",
    progress: Progress | None = None,
) -> IngestReport:
    """Register every audio file under `roots`; known files are skipped without re-hashing.

    Files are hashed and probed on a few threads (hashlib and FFmpeg release the GIL);
    decisions and writes stay on this thread, one transaction per BATCH_SIZE files.
    """
    missing = [r for r in roots if not os.path.lexists(r)]
    if missing:
        raise BadInputError(
            f"No such file or folder: {missing[0]}.", hint="Check the path, or run `qa ingest`."
        )
    run = IngestRun(store, scan_paths(roots), compile_pattern(filename_pattern))
    files, done = run.scan.audio, 0
    with ThreadPoolExecutor(EXAMINE_THREADS) as pool:
        for start in range(0, len(files), BATCH_SIZE):
            chunk = files[start : start + BATCH_SIZE]
            jobs = [job for job in map(run.plan, chunk) if job is not None]
            for job, examined in zip(jobs, pool.map(_examine, jobs), strict=True):
                run.take(job, examined)
            run.flush()
            done += len(chunk)
            if progress is not None:
                progress(done, len(files))
    return run.report
