"""Values the store returns that are about storage itself (samples as drawn, registered files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from qa.domain.call import AudioInfo, CallMeta


@dataclass(frozen=True, slots=True)
class SampleMember:
    """One call drawn into a sample, and the stratum it was drawn from."""

    call_id: int
    stratum: str


@dataclass(frozen=True, slots=True)
class SampleRecord:
    """A stored sampling draw: parameters, seed, population per stratum and the calls drawn."""

    id: int
    params: dict[str, Any]
    seed: int
    drawn_by: str
    drawn_at: datetime
    population: dict[str, int]
    members: tuple[SampleMember, ...]
    open: bool = True

    @property
    def call_ids(self) -> tuple[int, ...]:
        """The db ids of the calls drawn, in draw order."""
        return tuple(m.call_id for m in self.members)


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file looked like when it was last registered (to skip re-hashing it)."""

    call_id: int
    path: str
    sha256: str
    size: int
    mtime_ns: int
    inode: int
    meta_stamp: str
    readable: bool


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One audio file as ingest found it, ready to register or update."""

    path: str
    sha256: str
    size: int
    mtime_ns: int
    inode: int
    meta: CallMeta
    meta_stamp: str = ""
    audio: AudioInfo | None = None
    problem: str = ""
