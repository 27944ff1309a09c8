"""A call cut into chunks of a few minutes, each cut in a pause, so memory stays bounded.

A chunk ends where no track is speaking, before any speech that may go on past the audio decoded
so far; that speech waits for the next chunk, which starts with it. Voice activity is found per
chunk (silero starts afresh in the pause), so no window is ever cut mid-speech (issue 15).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from qa.engines.audio import SAMPLE_RATE
from qa.engines.vad import WINDOW_SECONDS, Span, window_spans

CHUNK_SECONDS = 300.0  # audio decoded per chunk: 38 MB of stereo float32 samples
MIN_CHUNK_SECONDS = 10.0
# Speech that ends this close to the end of the audio decoded so far may go on after it: it is
# left to the next chunk (silero closes a region after 0.1 s of quiet; the rest is margin).
SETTLE_SECONDS = 2.0
PAUSE_LEAD_SECONDS = 1.0  # a chunk ends at most this long before the speech it leaves over
ALIGN = 160  # chunks start on the diarizer's 10 ms frames, so its frames line up with the call's


@dataclass(frozen=True, slots=True)
class Chunk:
    """A stretch of a call: its tracks' samples and, per track, its speech spans (relative)."""

    offset: int  # first sample, counted from the start of the call
    audio: np.ndarray  # float32 (n_tracks, n)
    spans: tuple[tuple[Span, ...], ...]  # per track; empty tuples when not looked for

    @property
    def seconds(self) -> float:
        """Where the chunk starts in the call, in seconds."""
        return self.offset / SAMPLE_RATE


def chunk_samples(chunk_seconds: float) -> int:
    """Samples decoded per chunk (never under MIN_CHUNK_SECONDS)."""
    return int(max(chunk_seconds, MIN_CHUNK_SECONDS) * SAMPLE_RATE)


def _inside(spans: list[Span], cut: int) -> list[int]:
    return [start for start, end in spans if start < cut < end]


def pause_cut(spans: Sequence[Sequence[Span]], length: int) -> int:
    """Where to end a chunk of `length` samples: in a pause of every track, before speech that
    may not be over; 0 when there is no such pause."""
    every = sorted(span for track in spans for span in track)
    cut = length - int(SETTLE_SECONDS * SAMPLE_RATE)
    while inside := _inside(every, cut):
        cut = min(inside)
    before = max((end for _, end in every if end <= cut), default=0)
    middle = max(before + (cut - before) // 2, cut - int(PAUSE_LEAD_SECONDS * SAMPLE_RATE))
    aligned = middle - middle % ALIGN
    return max(0, aligned if aligned >= before else aligned + ALIGN)  # in the pause if it can


def _cut(spans: Sequence[Sequence[Span]], length: int, vad: bool, longest_carry: int) -> int:
    if not vad:  # fixed 30 s windows: cut on their grid, so they fall as on the whole call
        step = int(WINDOW_SECONDS * SAMPLE_RATE)
        return length // step * step
    cut = pause_cut(spans, length)
    if length - cut > longest_carry:  # no pause for minutes (music?): cut where it must
        settled = length - int(SETTLE_SECONDS * SAMPLE_RATE)
        cut = settled - settled % ALIGN
    return cut


def _before(spans: Sequence[Span], cut: int) -> tuple[Span, ...]:
    return tuple((start, min(end, cut)) for start, end in spans if start < cut)


def call_chunks(
    blocks: Iterable[np.ndarray],
    samples: int,
    vad: bool = True,
    find_speech: bool = True,
    chunk_seconds: float = CHUNK_SECONDS,
) -> Iterator[Chunk]:
    """Chunks of a call of `samples` samples from its decoded blocks of tracks (n_tracks, n).

    `vad`: chunks end in pauses (else on the 30 s window grid); `find_speech`: each chunk
    carries its speech spans (needed with `vad`, and to tell voices apart without it). A call
    shorter than a chunk is one chunk, as if it were transcribed whole.
    """
    longest_carry = chunk_samples(chunk_seconds)  # so at most two chunks' audio is held
    offset, held = 0, None
    for block in blocks:
        audio = block if held is None else np.concatenate([held, block], axis=1)
        spans = [window_spans(track) for track in audio] if find_speech else []
        length = audio.shape[1]
        last = offset + length >= samples
        cut = length if last else _cut(spans, length, vad, longest_carry)
        held = audio[:, cut:].copy()  # not a view: the chunk before it can be freed
        if cut:
            yield Chunk(offset, audio[:, :cut], tuple(_before(s, cut) for s in spans))
            offset += cut
    if held is not None and held.shape[1]:
        spans = [window_spans(track) for track in held] if find_speech else []
        yield Chunk(offset, held, tuple(tuple(s) for s in spans))
