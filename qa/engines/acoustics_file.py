"""A recording's acoustics read a block at a time: a 2-hour call is never wholly in memory.

Speech spans come from the 20 ms levels the channel survey gathers in a first pass; the agent's
pitch from a second pass over the agent channel alone (issue 15: 3.6 GB for a 2-hour call when
the file was decoded whole and its channels copied to float64).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

from qa.engines.acoustics import CallAcoustics, level_intervals, pitch_spread, pitch_track_blocks
from qa.engines.audio import SAMPLE_RATE, decode_blocks
from qa.engines.call_survey import survey_blocks
from qa.engines.channels import choose_among

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
