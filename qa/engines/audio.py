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


def _resampled_chunks(container: av.container.InputContainer) -> list[np.ndarray]:
    stream = container.streams.audio[0]
    # Planar float keeps channels apart, so a stereo call stays two speakers.
    resampler = av.AudioResampler(format="fltp", layout=stream.layout.name, rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    for frame in _frames(container, stream):
        chunks.extend(out.to_ndarray() for out in resampler.resample(frame))
    chunks.extend(out.to_ndarray() for out in resampler.resample(None))
    return chunks


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


def decode(source: Source) -> tuple[np.ndarray, int]:
    """Channels of a recording as float32 of shape (n_channels, n_samples), and the rate (16 kHz).

    `source` is a file path or the file's bytes; audio that will not decode is a BadInputError.
    """
    where = "audio bytes" if isinstance(source, bytes) else str(source)
    try:
        with _open(source) as container:
            if not container.streams.audio:
                raise BadInputError(f"{where} holds no audio stream.")
            chunks = _resampled_chunks(container)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise BadInputError(
            f"Cannot decode {where}: {exc}.", hint="Check that the file is a complete recording."
        ) from exc
    if not chunks:
        raise BadInputError(f"{where} holds no audio samples.")
    return np.concatenate(chunks, axis=1).astype(np.float32, copy=False), SAMPLE_RATE
