"""Silencing spans of a recording in a FLAC copy that keeps its rate, channels and length."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from pathlib import Path

import av
import numpy as np

from qa.errors import BadInputError

FRAME_SAMPLES = 4096  # samples per encoded FLAC frame
Span = tuple[float, float]  # seconds from the start of the recording


def padded_spans(spans: Iterable[Span], pad_ms: int, duration: float | None = None) -> list[Span]:
    """Spans widened by `pad_ms` each side, clipped to the recording and merged where they touch."""
    pad = pad_ms / 1000
    merged: list[Span] = []
    for start, end in sorted((max(0.0, s - pad), e + pad) for s, e in spans):
        end = end if duration is None else min(end, duration)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def _sample_format(stream: av.audio.stream.AudioStream) -> str:
    """16-bit for 16-bit (and lossy) sources, 32-bit for deeper ones, so nothing is truncated."""
    deep = stream.format.bits > 16 and not stream.format.name.startswith(("flt", "dbl"))
    return "s32" if deep else "s16"


def read_samples(path: Path) -> tuple[np.ndarray, int, str, str]:
    """All samples at the file's own rate: (array of shape (channels, n), rate, layout, format)."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            fmt = _sample_format(stream)
            layout, rate = stream.layout.name, stream.rate
            resampler = av.AudioResampler(format=fmt + "p", layout=layout, rate=rate)
            chunks = [
                out.to_ndarray() for f in container.decode(stream) for out in resampler.resample(f)
            ]
            chunks += [out.to_ndarray() for out in resampler.resample(None)]
    except (av.error.FFmpegError, OSError, IndexError) as exc:
        raise BadInputError(f"Cannot decode {path} to redact it: {exc}.") from exc
    if not chunks:
        raise BadInputError(f"{path} holds no audio samples to redact.")
    return np.concatenate(chunks, axis=1), rate, layout, fmt


def silence(samples: np.ndarray, rate: int, spans: Iterable[Span]) -> np.ndarray:
    """A copy with every channel digitally silent over the spans (whole samples, rounded out)."""
    out = samples.copy()
    for start, end in spans:
        first, last = math.floor(start * rate), math.ceil(end * rate)
        out[:, max(0, first) : min(out.shape[1], last)] = 0
    return out


def write_flac(samples: np.ndarray, rate: int, layout: str, fmt: str, dest: Path) -> None:
    """Write samples as FLAC, atomically (a half-written copy is never played)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(".partial.flac")
    with av.open(str(partial), mode="w", format="flac") as container:
        stream = container.add_stream("flac", rate=rate, layout=layout)
        stream.format = fmt
        interleaved = np.ascontiguousarray(samples.T)
        for at in range(0, interleaved.shape[0], FRAME_SAMPLES):
            chunk = interleaved[at : at + FRAME_SAMPLES].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format=fmt, layout=layout)
            frame.sample_rate, frame.pts = rate, at
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    os.replace(partial, dest)


def write_silenced_copy(source: Path, spans: Iterable[Span], dest: Path) -> int:
    """Write `dest`: `source` with the spans silenced; returns how many samples were silenced."""
    samples, rate, layout, fmt = read_samples(source)
    silenced = silence(samples, rate, spans)
    write_flac(silenced, rate, layout, fmt, dest)
    return int(np.count_nonzero(np.any(silenced != samples, axis=0)))
