"""Voice activity detection (silero-vad): only speech goes to the model, in windows up to 30 s."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from qa.engines.audio import SAMPLE_RATE

WINDOW_SECONDS = 30.0  # Whisper hears 30 s at a time; a window never exceeds it
# Kept around each speech region so word edges are not clipped: silero's own default
# (speech_pad_ms=30). Its regions already end ~0.1 s after the last loud frame...
PAD_SECONDS = 0.03
# ...but start on the first loud one, and a recogniser needs a moment of quiet before a soft
# first consonant ("th"): windows get this much more before each region. On the demo calls,
# pocketsphinx's word error rate is 14.8 % with 0.03 s before, 11.5 % with 0.15 s.
LEAD_SECONDS = 0.12
MIN_SPEECH_MS = 250  # shorter blips (clicks, breaths) are not speech
MIN_SILENCE_MS = 100  # a shorter pause does not split a region (silero's default)
# Below this amplitude a stretch is digital silence (under 2 LSB of 16-bit audio, -84 dBFS).
DIGITAL_SILENCE = 2 / 32768
_SILENT_GAP_SECONDS = 1.0  # digital silence this long is skipped without running the VAD
_CHUNK = 512  # samples silero scores at a time at 16 kHz
Span = tuple[int, int]  # [start, end) in samples of the channel


@dataclass(frozen=True, slots=True)
class Window:
    """Speech regions of one channel, joined end to end into at most 30 s of audio.

    Only the regions are sent to the model, never the gaps between them; times the model gives
    in the joined audio map back to the recording piece by piece (`to_call_time`).
    """

    spans: tuple[Span, ...]

    @property
    def samples(self) -> int:
        """Length of the joined audio in samples."""
        return sum(end - start for start, end in self.spans)

    def audio(self, channel: np.ndarray) -> np.ndarray:
        """The joined speech of this window, taken from the whole channel."""
        return np.concatenate([channel[start:end] for start, end in self.spans])

    def region_at(self, seconds: float) -> int:
        """Index of the span that holds a time of the joined audio (the last one past its end)."""
        offset = seconds * SAMPLE_RATE
        for index, (start, end) in enumerate(self.spans):
            if offset < end - start:
                return index
            offset -= end - start
        return len(self.spans) - 1

    def to_call_time(self, seconds: float, region: int | None = None) -> float:
        """A time of the joined audio as seconds from the start of the recording.

        With `region`, the time is kept inside that span, so a word heard across the joint of
        two regions stays in the region where most of it was said.
        """
        offset = seconds * SAMPLE_RATE
        for index, (start, end) in enumerate(self.spans):
            if region == index or (region is None and offset <= end - start):
                return (start + min(max(offset, 0), end - start)) / SAMPLE_RATE
            offset -= end - start
        return self.spans[-1][1] / SAMPLE_RATE

    def to_call_interval(self, start: float, end: float) -> tuple[float, float]:
        """A [start, end] of the joined audio in recording time, inside one speech region."""
        region = self.region_at((start + end) / 2)
        return self.to_call_time(start, region), self.to_call_time(end, region)


@cache
def _silero() -> Any:
    import torch

    threads = torch.get_num_threads()
    from silero_vad import load_silero_vad  # its import sets torch to 1 thread; undo that

    torch.set_num_threads(threads)
    return load_silero_vad(onnx=False)  # the JIT model in the wheel; onnxruntime is optional


@contextmanager
def _one_thread() -> Iterator[None]:
    """silero scores 32 ms at a time: with more threads the tiny steps wait on each other
    (measured 15x slower with 2 threads on a shared 2-core machine), so it runs on one."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def sounding_stretches(channel: np.ndarray) -> list[Span]:
    """Stretches of a channel that are not digital silence, joined over gaps under 1 s."""
    frames = len(channel) // _CHUNK + (len(channel) % _CHUNK > 0)
    padded = np.zeros(frames * _CHUNK, dtype=channel.dtype)
    padded[: len(channel)] = channel
    loud = np.flatnonzero(np.abs(padded).reshape(frames, _CHUNK).max(axis=1) > DIGITAL_SILENCE)
    if not len(loud):
        return []
    gap = int(_SILENT_GAP_SECONDS * SAMPLE_RATE / _CHUNK)
    breaks = np.flatnonzero(np.diff(loud) > gap)
    firsts, lasts = loud[np.r_[0, breaks + 1]], loud[np.r_[breaks, len(loud) - 1]] + 1
    ends = np.minimum(lasts * _CHUNK, len(channel))
    return [(int(first) * _CHUNK, int(end)) for first, end in zip(firsts, ends, strict=True)]


def _silero_regions(audio: np.ndarray) -> list[Span]:
    import torch
    from silero_vad import get_speech_timestamps

    found = get_speech_timestamps(
        torch.from_numpy(np.ascontiguousarray(audio)),
        _silero(),
        sampling_rate=SAMPLE_RATE,
        min_speech_duration_ms=MIN_SPEECH_MS,
        min_silence_duration_ms=MIN_SILENCE_MS,
        max_speech_duration_s=WINDOW_SECONDS - 2 * PAD_SECONDS - LEAD_SECONDS,
        speech_pad_ms=0,
    )
    return [(r["start"], r["end"]) for r in found]


def speech_regions(channel: np.ndarray) -> list[Span]:
    """Padded speech regions of a 16 kHz channel, each at most one window long."""
    import torch

    pad = int(PAD_SECONDS * SAMPLE_RATE)
    found: list[Span] = []
    with torch.inference_mode(), _one_thread():
        for first, last in sounding_stretches(channel):  # digital silence holds no speech
            found += [(first + s, first + e) for s, e in _silero_regions(channel[first:last])]
    padded = [(max(0, start - pad), min(len(channel), end + pad)) for start, end in found]
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


def window_spans(channel: np.ndarray) -> list[Span]:
    """The speech regions of a channel as sent to a model: padded, with a lead before each."""
    lead = int(LEAD_SECONDS * SAMPLE_RATE)
    return _merge_overlaps([(max(0, s - lead), e) for s, e in speech_regions(channel)])


def speech_windows(channel: np.ndarray, vad: bool = True) -> list[Window]:
    """The windows of a channel to send to a speech model (none for a silent channel)."""
    if not vad:
        return whole_channel_windows(len(channel))
    return group_windows(window_spans(channel))
