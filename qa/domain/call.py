"""A recorded call as the rest of callqa sees it: the audio file, its metadata and its state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ReviewStatus(StrEnum):
    """Where a call stands in supervisor review."""

    NEW = "new"
    IN_REVIEW = "in_review"
    FINAL = "final"
    DISPUTED = "disputed"


class TranscriptState(StrEnum):
    """Whether speech recognition has run on a call."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class AudioInfo:
    """What probing the audio file found."""

    duration: float  # seconds
    channels: int
    sample_rate: int  # Hz
    codec: str = ""


@dataclass(frozen=True, slots=True)
class CallMeta:
    """Metadata from sidecar, manifest or filename; unknown keys are kept in `extra`."""

    call_id: str = ""
    agent: str = ""  # an id in agents.toml
    started_at: datetime | None = None
    queue: str = ""
    direction: str = ""
    offers: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The metadata as the §5 JSON object (values a rubric's `each`/`applies_to` can read)."""
        out: dict[str, Any] = dict(self.extra)
        out.update(
            call_id=self.call_id,
            agent=self.agent,
            started_at=self.started_at.isoformat() if self.started_at else None,
            queue=self.queue,
            direction=self.direction,
            offers=list(self.offers),
        )
        return out


@dataclass(frozen=True, slots=True)
class Call:
    """One registered recording and where it stands."""

    id: int
    path: str
    sha256: str
    size: int
    meta: CallMeta
    audio: AudioInfo | None = None  # None when the file could not be read
    problem: str = ""  # why the file is unreadable, or a warning such as an unknown agent
    status: ReviewStatus = ReviewStatus.NEW
    transcript_state: TranscriptState = TranscriptState.PENDING
    score: float | None = None
    score_final: bool = False  # a supervisor finalized the scorecard; else the score is provisional

    @property
    def readable(self) -> bool:
        """False when the audio could not be decoded."""
        return self.audio is not None
