"""The one audio decoder: any common recording format to float32 channels at 16 kHz, via PyAV."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np

from qa.errors import BadInputError

SAMPLE_RATE = 16_000  # Hz; what Whisper, silero-vad and pocketsphinx all expect
Source = Path | str | bytes


def _open(source: Source) -> av.container.InputContainer:
    if isinstance(source, bytes):
        return av.open(io.BytesIO(source), mode="r")
    return av.open(str(source), mode="r")


class _Samples:
    """Decoded samples written straight into one array sized from the container's duration:
    a list of frames joined at the end held the recording twice (2 GB per hour at the peak)."""

    def __init__(self, channels: int, expected: int) -> None:
        self.data = np.empty((channels, max(expected, SAMPLE_RATE)), dtype=np.float32)
        self.filled = 0

    def add(self, chunk: np.ndarray) -> None:
        end = self.filled + chunk.shape[1]
        if end > self.data.shape[1]:  # the duration was an estimate: grow by a quarter
            grown = np.empty(
                (self.data.shape[0], max(end, self.data.shape[1] * 5 // 4)), np.float32
            )
            grown[:, : self.filled] = self.data[:, : self.filled]
            self.data = grown
        self.data[:, self.filled : end] = chunk
        self.filled = end


def _expected_samples(container: av.container.InputContainer) -> int:
    seconds = (container.duration or 0) / av.time_base
    return int(seconds * SAMPLE_RATE) + SAMPLE_RATE  # a second to spare


def _pieces(container: av.container.InputContainer) -> Iterator[np.ndarray]:
    """Resampled audio as it decodes: float32 (n_channels, n) pieces of a few ms each."""
    stream = container.streams.audio[0]
    # Planar float keeps channels apart, so a stereo call stays two speakers.
    resampler = av.AudioResampler(format="fltp", layout=stream.layout.name, rate=SAMPLE_RATE)
    for frame in _frames(container, stream):
        for out in resampler.resample(frame):
            yield out.to_ndarray()
    for out in resampler.resample(None):
        yield out.to_ndarray()


def _resampled(container: av.container.InputContainer) -> np.ndarray | None:
    stream = container.streams.audio[0]
    samples = _Samples(len(stream.layout.channels), _expected_samples(container))
    for piece in _pieces(container):
        samples.add(piece)
    # A view, not a copy: rows stay contiguous, and the spare second is not worth a copy.
    return samples.data[:, : samples.filled] if samples.filled else None


def _frames(container: av.container.InputContainer, stream: av.AudioStream) -> Iterator[Any]:
    """Decoded frames; a broken final packet (a partial last block, as some GSM writers leave)
    is dropped, while damage anywhere before it is still an error."""
    held: Any = None
    for packet in container.demux(stream):
        if not packet.size:  # the demuxer's closing empty packet: the last real one is held
            continue
        if held is not None:
            yield from held.decode()
        held = packet
    if held is None:
        return
    try:
        yield from held.decode()
        yield from stream.decode(None)  # drain what the decoder still holds
    except av.error.InvalidDataError:
        return  # only the last block is lost; ingest measures how much audio decodes


def _where(source: Source) -> str:
    return "audio bytes" if isinstance(source, bytes) else str(source)


def _undecodable(source: Source, exc: Exception) -> BadInputError:
    return BadInputError(
        f"Cannot decode {_where(source)}: {exc}.",
        hint="Check that the file is a complete recording.",
    )


def _joined(pieces: list[np.ndarray], size: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """The first `size` samples of the pieces as one block, and the pieces left over."""
    joined = np.concatenate(pieces, axis=1)
    return joined[:, :size], [joined[:, size:]] if joined.shape[1] > size else []


def decode_blocks(source: Source, block_samples: int) -> Iterator[np.ndarray]:
    """The recording as it decodes, in float32 blocks (n_channels, block_samples) at 16 kHz
    (the last one shorter): a long call is never wholly in memory. Errors as `decode`."""
    if block_samples < 1:
        raise ValueError(f"block_samples must be positive, not {block_samples}")
    try:
        with _open(source) as container:
            if not container.streams.audio:
                raise BadInputError(f"{_where(source)} holds no audio stream.")
            held: list[np.ndarray] = []
            count = 0
            for piece in _pieces(container):
                held.append(piece)
                count += piece.shape[1]
                while count >= block_samples:
                    block, held = _joined(held, block_samples)
                    count -= block_samples
                    yield block
            if count:
                yield np.concatenate(held, axis=1)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise _undecodable(source, exc) from exc


def decode(source: Source) -> tuple[np.ndarray, int]:
    """Channels of a recording as float32 of shape (n_channels, n_samples), and the rate (16 kHz).

    `source` is a file path or the file's bytes; audio that will not decode is a BadInputError.
    """
    try:
        with _open(source) as container:
            if not container.streams.audio:
                raise BadInputError(f"{_where(source)} holds no audio stream.")
            channels = _resampled(container)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise _undecodable(source, exc) from exc
    if channels is None:
        raise BadInputError(f"{_where(source)} holds no audio samples.")
    return channels, SAMPLE_RATE
