"""Speech spans per channel (frame energy) and agent pitch (YIN) from a call's audio, numpy only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from qa.domain.metrics.metrics import PAUSE_BRIDGE_SECONDS, Interval, PitchStats, merge_intervals

FRAME_SECONDS = 0.02  # energy frames for speech detection
ABSOLUTE_FLOOR_DB = -45.0  # dBFS; quieter frames are never speech (line hiss, digital silence)
NOISE_MARGIN_DB = 10.0  # speech is this far above the channel's own noise floor...
LOUD_MARGIN_DB = 15.0  # ...but never more than this below its loud frames (speech-only channels)
MIN_SPEECH_SECONDS = 0.15  # shorter bursts are clicks and line noise, not talk

# YIN pitch tracking (de Cheveigne & Kawahara 2002, JASA 111(4)): 50-400 Hz covers adult voices.
PITCH_MIN_HZ, PITCH_MAX_HZ = 50.0, 400.0
PITCH_WINDOW = 400  # samples (25 ms) integrated per lag
PITCH_HOP = 320  # samples (20 ms): enough frames for a spread, half the work of 10 ms
YIN_THRESHOLD = 0.15  # the paper's absolute threshold on the normalised difference (0.10-0.15)
OCTAVE_SEMITONES = 12.0  # frames further than an octave from the median are tracking errors
MIN_VOICED_SECONDS = 2.0  # too little voiced speech gives no meaningful pitch spread
FRAMES_PER_BLOCK = 1024  # bounds memory of the FFT batch (about 16 MB)
Detector = Literal["energy", "silero"]
SAME_CHANNEL_TOLERANCE = 1e-3  # as the transcriber: equal "stereo" channels are a mono call


@dataclass(frozen=True, slots=True)
class CallAcoustics:
    """What the audio says about a call: speech spans per speaker, duration, agent pitch."""

    duration: float
    intervals: dict[str, list[Interval]] = field(default_factory=dict)
    agent_pitch: PitchStats | None = None


def frame_levels(samples: np.ndarray, rate: int) -> np.ndarray:
    """RMS level in dBFS of consecutive FRAME_SECONDS frames (digital silence reads -100)."""
    size = int(rate * FRAME_SECONDS)
    count = len(samples) // size
    frames = samples[: count * size].astype(np.float64).reshape(count, size)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    return np.asarray(20.0 * np.log10(np.maximum(rms, 1e-5)))


def speech_threshold(levels: np.ndarray) -> float:
    """The level above which a frame is speech, adapted to the channel's noise and loudness."""
    if levels.size == 0:
        return ABSOLUTE_FLOOR_DB
    noise, loud = np.percentile(levels, 10), np.percentile(levels, 95)
    return float(max(ABSOLUTE_FLOOR_DB, min(noise + NOISE_MARGIN_DB, loud - LOUD_MARGIN_DB)))


def _runs(mask: np.ndarray, step: float) -> list[Interval]:
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [(float(s * step), float(e * step)) for s, e in zip(starts, ends, strict=True)]


def speech_intervals(
    samples: np.ndarray, rate: int, detector: Detector = "energy"
) -> list[Interval]:
    """Spans of one channel where someone speaks, short pauses bridged and clicks dropped.

    "energy" (fast, default) takes loud frames: it counts hold music as talk, and cross-talk
    bleeding from the other channel on badly separated lines as overtalk. "silero" (about 20
    times slower) tells speech from music and noise.
    """
    if detector == "silero":
        return silero_intervals(samples, rate)
    return level_intervals(frame_levels(samples, rate))


def level_intervals(levels: np.ndarray) -> list[Interval]:
    """Speech spans of a channel from its 20 ms frame levels (dBFS), as `speech_intervals`."""
    spans = _runs(levels > speech_threshold(levels), FRAME_SECONDS)
    bridged = merge_intervals(spans, PAUSE_BRIDGE_SECONDS)
    return [(s, e) for s, e in bridged if e - s >= MIN_SPEECH_SECONDS]


def silero_intervals(samples: np.ndarray, rate: int) -> list[Interval]:
    """Speech spans by silero-vad, without the padding the transcriber adds around them."""
    from qa.engines.vad import PAD_SECONDS, speech_regions  # deferred: it loads torch

    end = len(samples) / rate
    spans = [(s / rate, e / rate) for s, e in speech_regions(samples)]
    return [(s + PAD_SECONDS if s > 0 else s, e - PAD_SECONDS if e < end else e) for s, e in spans]


def _difference(frames: np.ndarray, max_lag: int) -> np.ndarray:
    """YIN difference d(tau) for tau in 0..max_lag, per frame, via FFT cross-correlation."""
    size = 1 << int(np.ceil(np.log2(frames.shape[1] + PITCH_WINDOW)))
    head = np.fft.rfft(frames[:, :PITCH_WINDOW], size)
    cross = np.fft.irfft(np.conj(head) * np.fft.rfft(frames, size), size)[:, : max_lag + 1]
    power = np.concatenate([np.zeros((len(frames), 1)), np.cumsum(frames**2, axis=1)], axis=1)
    lags = np.arange(max_lag + 1)
    shifted = power[:, lags + PITCH_WINDOW] - power[:, lags]  # energy of x[tau : tau + W]
    return np.asarray(power[:, [PITCH_WINDOW]] + shifted - 2.0 * cross)


def _normalised(diff: np.ndarray) -> np.ndarray:
    """YIN's cumulative-mean-normalised difference d'(tau); d'(0) = 1."""
    lags = np.arange(diff.shape[1])
    running = np.cumsum(diff[:, 1:], axis=1)
    out = np.ones_like(diff)
    out[:, 1:] = diff[:, 1:] * lags[1:] / np.maximum(running, 1e-12)
    return out


def _pick_lags(norm: np.ndarray, min_lag: int) -> np.ndarray:
    """Per frame, the fractional lag at the first dip below YIN_THRESHOLD (0 when unvoiced)."""
    below = norm < YIN_THRESHOLD
    below[:, :min_lag] = False
    voiced = below.any(axis=1)
    first = below.argmax(axis=1)
    after = np.arange(norm.shape[1]) >= first[:, None]
    run = np.logical_and.accumulate(~after | below, axis=1) & after
    lag = np.where(run, norm, np.inf).argmin(axis=1)
    inner = np.clip(lag, 1, norm.shape[1] - 2)
    rows = np.arange(len(norm))
    a, b, c = norm[rows, inner - 1], norm[rows, inner], norm[rows, inner + 1]
    bend = a - 2 * b + c
    shift = np.where(bend > 1e-12, 0.5 * (a - c) / np.where(bend > 1e-12, bend, 1.0), 0.0)
    return np.where(voiced, inner + np.clip(shift, -1.0, 1.0), 0.0)


def _frame_starts(intervals: Sequence[Interval], rate: int, span: int, total: int) -> np.ndarray:
    starts = [
        np.arange(int(s * rate), min(int(e * rate), total - span), PITCH_HOP) for s, e in intervals
    ]
    return np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)


def _audible(frames: np.ndarray) -> np.ndarray:
    """Frames louder than the absolute floor: silence has a zero difference, a false 'voice'."""
    level = 10.0 * np.log10(np.mean(frames[:, :PITCH_WINDOW] ** 2, axis=1) + 1e-12)
    return np.asarray(frames[level > ABSOLUTE_FLOOR_DB])


def pitch_track(samples: np.ndarray, rate: int, intervals: Sequence[Interval]) -> np.ndarray:
    """Fundamental frequency (Hz) of the voiced 10 ms frames inside the given speech spans."""
    starts = _frame_starts(intervals, rate, _pitch_span(rate), len(samples))
    return _pitch_at(samples, rate, starts)


def _pitch_span(rate: int) -> int:
    return PITCH_WINDOW + int(rate / PITCH_MIN_HZ)  # samples one pitch frame reads


def _pitch_at(samples: np.ndarray, rate: int, starts: np.ndarray) -> np.ndarray:
    """Pitch (Hz) of the voiced frames starting at `starts` (samples) of `samples`."""
    max_lag, min_lag = int(rate / PITCH_MIN_HZ), int(rate / PITCH_MAX_HZ)
    found: list[np.ndarray] = []
    for block in range(0, len(starts), FRAMES_PER_BLOCK):
        index = starts[block : block + FRAMES_PER_BLOCK, None] + np.arange(_pitch_span(rate))
        frames = _audible(samples[index].astype(np.float64))
        lags = _pick_lags(_normalised(_difference(frames, max_lag)), min_lag)
        found.append(rate / lags[lags > 0])
    return np.concatenate(found) if found else np.zeros(0)


def pitch_track_blocks(
    blocks: Iterable[np.ndarray], rate: int, intervals: Sequence[Interval], total: int
) -> np.ndarray:
    """`pitch_track` of a channel of `total` samples read a block at a time (issue 15)."""
    span = _pitch_span(rate)
    starts = _frame_starts(intervals, rate, span, total)
    found, done, first = [], 0, 0
    held = np.zeros(0, dtype=np.float32)
    for block in blocks:
        held = np.concatenate([held, block])
        ready = int(np.searchsorted(starts, first + len(held) - span, side="right"))
        found.append(_pitch_at(held, rate, starts[done:ready] - first))
        done, keep = ready, min(len(held), span)
        first, held = first + len(held) - keep, held[len(held) - keep :].copy()
    return np.concatenate(found) if found else np.zeros(0)


def pitch_stats(samples: np.ndarray, rate: int, intervals: Sequence[Interval]) -> PitchStats | None:
    """Median pitch and its spread in semitones over voiced speech; None with too little voice."""
    return pitch_spread(pitch_track(samples, rate, intervals), rate)


def pitch_spread(f0: np.ndarray, rate: int) -> PitchStats | None:
    """Median and spread in semitones of a pitch track; None with too little voice."""
    if f0.size == 0:
        return None
    median = float(np.median(f0))
    semitones = 12.0 * np.log2(f0 / median)
    kept = semitones[np.abs(semitones) <= OCTAVE_SEMITONES]
    voiced_seconds = kept.size * PITCH_HOP / rate
    if voiced_seconds < MIN_VOICED_SECONDS:
        return None
    return PitchStats(median, float(np.std(kept)), voiced_seconds)


def analyse(
    channels: np.ndarray, rate: int, speakers: Sequence[str], detector: Detector = "energy"
) -> CallAcoustics:
    """Speech spans of each channel under its speaker name, and the agent channel's pitch."""
    pairs = zip(speakers, channels, strict=False)
    intervals = {who: speech_intervals(channel, rate, detector) for who, channel in pairs}
    agent = list(speakers).index("agent") if "agent" in speakers[: len(channels)] else None
    pitch = None if agent is None else pitch_stats(channels[agent], rate, intervals["agent"])
    return CallAcoustics(channels.shape[1] / rate, intervals, pitch)
