"""Speech windows decoded together by faster-whisper's batched pipeline, each in a 30 s slot.

Every window (at most 30 s of joined speech) is laid in its own 30 s slot of one array and named
to the pipeline as a clip, so a segment belongs to the slot its start falls in: its window is
known exactly, whatever the pipeline batches. The pipeline decodes greedily at the first
temperature of the ladder (no sampled retries), so a batch gives the same words on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qa.engines.audio import SAMPLE_RATE

SLOT_SECONDS = 30  # Whisper's window: one speech window per slot
SLOT = SLOT_SECONDS * SAMPLE_RATE


def slotted(audios: Sequence[np.ndarray]) -> tuple[np.ndarray, list[dict[str, float]]]:
    """The windows' audio one per 30 s slot, and the clip of each (seconds) for the pipeline."""
    joined = np.zeros(SLOT * len(audios), dtype=np.float32)
    clips: list[dict[str, float]] = []
    for k, audio in enumerate(audios):
        audio = audio[:SLOT]
        joined[k * SLOT : k * SLOT + len(audio)] = audio
        clips.append(
            {"start": k * SLOT_SECONDS, "end": k * SLOT_SECONDS + len(audio) / SAMPLE_RATE}
        )
    return joined, clips


def by_slot(found: Sequence[Any], windows: int) -> list[list[Any]]:
    """The pipeline's segments (times in the joined audio) grouped by the window they came from."""
    grouped: list[list[Any]] = [[] for _ in range(windows)]
    for segment in found:
        slot = min(int(float(segment.start) // SLOT_SECONDS), windows - 1)
        grouped[slot].append(segment)
    return grouped
