"""Walking recording folders: audio files with their stat, sidecars and manifests."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from qa.pipeline.ingest.metadata import (
    MANIFEST_NAME,
    SIDECAR_SUFFIX,
    TRANSCRIPT_SUFFIX,
    sidecar_path,
)
from qa.pipeline.ingest.probe import is_audio_name


@dataclass(frozen=True, slots=True)
class FoundFile:
    """An audio file found by the walk; `error` says why it cannot even be looked at."""

    path: str
    size: int = 0
    mtime_ns: int = 0
    inode: int = 0
    error: str = ""


def file_stamp(stat: os.stat_result) -> str:
    """Size and modification time: enough to tell that a small metadata file changed."""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


@dataclass
class Scan:
    """Everything a walk found, in a stable (sorted) order."""

    audio: list[FoundFile] = field(default_factory=list)
    sidecars: dict[str, str] = field(default_factory=dict)  # path -> stamp
    manifests: list[tuple[str, str]] = field(default_factory=list)  # (path, stamp)
    _seen: set[str] = field(default_factory=set)

    def add_audio(self, found: FoundFile) -> None:
        """Record an audio file once, however many roots lead to it."""
        if found.path not in self._seen:
            self._seen.add(found.path)
            self.audio.append(found)


def _stat_file(path: str, entry: os.DirEntry[str] | None = None) -> FoundFile:
    try:
        stat = entry.stat() if entry is not None else os.stat(path)
    except OSError as exc:
        return FoundFile(path, error=f"cannot read ({exc.strerror or exc})")
    return FoundFile(path, stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _note_metadata(scan: Scan, entry: os.DirEntry[str]) -> None:
    name = entry.name.lower()
    try:
        stamp = file_stamp(entry.stat())
    except OSError:
        stamp = "unreadable"
    if name == MANIFEST_NAME:
        scan.manifests.append((entry.path, stamp))
    elif name.endswith(SIDECAR_SUFFIX) and not name.endswith(TRANSCRIPT_SUFFIX):
        scan.sidecars[entry.path] = stamp


def _entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError:
        return []  # a folder that vanished or cannot be listed holds nothing we can register


def _walk(scan: Scan, folder: str) -> None:
    for entry in _entries(folder):
        if entry.name.startswith("."):
            continue  # hidden files, and macOS "._x.wav" resource forks, are never recordings
        is_dir = entry.is_dir(follow_symlinks=False)
        if is_audio_name(entry.name):
            found = (
                FoundFile(entry.path, error="is a folder, not an audio file") if is_dir else None
            )
            scan.add_audio(found or _stat_file(entry.path, entry))
        elif not is_dir:
            _note_metadata(scan, entry)
        if is_dir:
            _walk(scan, entry.path)


def scan_paths(roots: Iterable[str]) -> Scan:
    """Walk folders (and take single files) under `roots`; paths come back absolute."""
    scan = Scan()
    for root in roots:
        root = os.path.abspath(root)
        if os.path.isdir(root):
            _walk(scan, root)
        elif is_audio_name(os.path.basename(root)):
            scan.add_audio(_stat_file(root))
            _note_neighbours(scan, root)
    return scan


def _note_neighbours(scan: Scan, audio_path: str) -> None:
    # A file named on the command line still takes metadata from its sidecar and manifest.
    folder = os.path.dirname(audio_path)
    for neighbour in (sidecar_path(audio_path), os.path.join(folder, MANIFEST_NAME)):
        try:
            stamp = file_stamp(os.stat(neighbour))
        except OSError:
            continue
        if neighbour.endswith(MANIFEST_NAME):
            if all(path != neighbour for path, _ in scan.manifests):
                scan.manifests.append((neighbour, stamp))
        else:
            scan.sidecars[neighbour] = stamp
