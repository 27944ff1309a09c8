"""Voice embeddings of a one-voice-track call gathered chunk by chunk, for the diarizer.

Only 1 KB per 0.3 s of speech is kept, never the samples, so a long mono call is told apart
by voice without holding its audio (issue 15).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qa.engines.speakers.diarization import (
    Diarization,
    call_frames,
    diarize_embeddings,
    embed_regions,
)
from qa.engines.speakers.voice_encoder import EMBEDDING_SIZE
from qa.engines.vad import Span

FRAME_SAMPLES = 160  # the diarizer's 10 ms frames


class VoicePrints:
    """Embeddings of speech windows, with their frames and regions in call time."""

    def __init__(self) -> None:
        self.embeds: list[np.ndarray] = []
        self.where: list[tuple[int, int, int]] = []
        self.regions: list[Span] = []

    def add(self, audio: np.ndarray, spans: Sequence[Span], offset: int) -> None:
        """Embed the speech `spans` of a chunk's `audio` that starts at sample `offset`."""
        regions = sorted(spans)
        embeds, where = embed_regions(audio, regions)
        first_region, first_frame = len(self.regions), offset // FRAME_SAMPLES
        self.embeds.append(embeds)
        self.where += [(r + first_region, a + first_frame, b + first_frame) for r, a, b in where]
        self.regions += [(start + offset, end + offset) for start, end in regions]

    def diarization(self, samples: int) -> Diarization:
        """Who spoke when on the whole call of `samples` samples."""
        embeds = np.concatenate(self.embeds) if self.embeds else np.zeros((0, EMBEDDING_SIZE))
        return diarize_embeddings(
            embeds.astype(np.float32), self.where, self.regions, call_frames(samples)
        )
