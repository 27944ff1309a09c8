"""Voice activity detection (silero-vad): only speech goes to the model, in windows up to 30 s."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from qa.engines.audio import SAMPLE_RATE

WINDOW_SECONDS = 30.0  # Whisper hears 30 s at a time; a window never exceeds it
PAD_SECONDS = 0.2  # kept around each speech region so word edges are not clipped
MIN_SPEECH_MS = 250  # shorter blips (clicks, breaths) are not speech
MIN_SILENCE_MS = 300  # a pause shorter than this does not split a region
Span = tuple[int, int]  # [start, end) in samples of the channel


@dataclass(frozen=True, slots=True)
class Window:
    """Speech regions of one channel, joined end to end into at most 30 s of audio."""

    spans: tuple[Span, ...]

    @property
    def samples(self) -> int:
        """Length of the joined audio in samples."""
        return sum(end - start for start, end in self.spans)

    def audio(self, channel: np.ndarray) -> np.ndarray:
        """The joined speech of this window, taken from the whole channel."""
        return np.concatenate([channel[start:end] for start, end in self.spans])

    def to_call_time(self, seconds: float) -> float:
        """A time inside the joined audio as seconds from the start of the recording."""
        offset = seconds * SAMPLE_RATE
        for start, end in self.spans:
            if offset <= end - start:
                return (start + offset) / SAMPLE_RATE
            offset -= end - start
        return self.spans[-1][1] / SAMPLE_RATE


@cache
def _silero() -> Any:
    import torch

    threads = torch.get_num_threads()
    from silero_vad import load_silero_vad  # its import sets torch to 1 thread; undo that

    torch.set_num_threads(threads)
    return load_silero_vad(onnx=False)  # the JIT model in the wheel; onnxruntime is optional


def speech_regions(channel: np.ndarray) -> list[Span]:
    """Padded speech regions of a 16 kHz channel, each at most one window long."""
    import torch
    from silero_vad import get_speech_timestamps

    pad = int(PAD_SECONDS * SAMPLE_RATE)
    with torch.inference_mode():
        found = get_speech_timestamps(
            torch.from_numpy(np.ascontiguousarray(channel)),
            _silero(),
            sampling_rate=SAMPLE_RATE,
            min_speech_duration_ms=MIN_SPEECH_MS,
            min_silence_duration_ms=MIN_SILENCE_MS,
            max_speech_duration_s=WINDOW_SECONDS - 2 * PAD_SECONDS,
            speech_pad_ms=0,
        )
    padded = [(max(0, r["start"] - pad), min(len(channel), r["end"] + pad)) for r in found]
    return _merge_overlaps(padded)


def _merge_overlaps(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def group_windows(spans: list[Span], limit_seconds: float = WINDOW_SECONDS) -> list[Window]:
    """Consecutive spans grouped into windows whose joined length stays within the limit."""
    limit = int(limit_seconds * SAMPLE_RATE)
    windows: list[list[Span]] = []
    for span in spans:
        fits = windows and sum(e - s for s, e in windows[-1]) + span[1] - span[0] <= limit
        if fits:
            windows[-1].append(span)
        else:
            windows.append([span])
    return [Window(tuple(group)) for group in windows]


def whole_channel_windows(samples: int) -> list[Window]:
    """Fixed 30 s windows over the whole channel, for runs without voice activity detection."""
    step = int(WINDOW_SECONDS * SAMPLE_RATE)
    return [Window(((s, min(s + step, samples)),)) for s in range(0, samples, step)]


def speech_windows(channel: np.ndarray, vad: bool = True) -> list[Window]:
    """The windows of a channel to send to a speech model (none for a silent channel)."""
    if not vad:
        return whole_channel_windows(len(channel))
    return group_windows(speech_regions(channel))
