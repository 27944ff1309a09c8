"""A recording's acoustics read a block at a time: a 2-hour call is never wholly in memory.

Speech spans come from the 20 ms levels the channel survey gathers in a first pass; the agent's
pitch from a second pass over the agent channel alone (issue 15: 3.6 GB for a 2-hour call when
the file was decoded whole and its channels copied to float64).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

from qa.engines.acoustics import (
    SAME_CHANNEL_TOLERANCE,
    CallAcoustics,
    Detector,
    analyse,
    level_intervals,
    pitch_spread,
    pitch_track_blocks,
)
from qa.engines.audio import SAMPLE_RATE, decode, decode_blocks
from qa.engines.call import DEFAULT_CHANNELS
from qa.engines.call_survey import survey_blocks
from qa.engines.channels import choose_among, choose_channels

BLOCK_SAMPLES = 30 * SAMPLE_RATE  # a multiple of the 20 ms level frames


def _channel(path: Path, index: int) -> Iterator[np.ndarray]:
    for block in decode_blocks(path, BLOCK_SAMPLES):
        yield np.array(block[index])  # a copy: the other channels are freed with the block


def analyse_in_blocks(path: Path, channel_map: Mapping[str, str]) -> CallAcoustics:
    """Speech spans of each kept channel under its speaker name, and the agent's pitch."""
    found = survey_blocks(decode_blocks(path, BLOCK_SAMPLES), str(path))
    choice = choose_among(1 if found.is_mono else found.count, found.is_same, channel_map)
    speakers: list[str] = list(choice.speakers)
    intervals = {
        who: level_intervals(found.channel_levels([index])[0])
        for who, index in zip(speakers, choice.kept, strict=True)
    }
    duration = found.samples / SAMPLE_RATE
    if "agent" not in speakers:
        return CallAcoustics(duration, intervals)
    agent = choice.kept[speakers.index("agent")]
    f0 = pitch_track_blocks(_channel(path, agent), SAMPLE_RATE, intervals["agent"], found.samples)
    return CallAcoustics(duration, intervals, pitch_spread(f0, SAMPLE_RATE))


def analyse_file(
    path: Path, channel_map: Mapping[str, str] | None = None, detector: Detector = "energy"
) -> CallAcoustics:
    """Decode a recording and analyse it, naming channels as the transcriber does (qa.toml).

    A mono file, or a stereo file whose two channels are the same, is one `unknown` speaker.
    With the energy detector the file is read a block at a time (`analyse_in_blocks`); silero's
    regions still need the whole channel.
    """
    if detector == "energy":
        return analyse_in_blocks(path, channel_map or DEFAULT_CHANNELS)
    channels, rate = decode(path)
    if len(channels) > 1 and np.allclose(channels[0], channels[1:], atol=SAME_CHANNEL_TOLERANCE):
        channels = channels[:1]
    choice = choose_channels(channels, channel_map or DEFAULT_CHANNELS)
    return analyse(channels[list(choice.kept)], rate, list(choice.speakers), detector)
