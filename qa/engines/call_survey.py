"""A first, cheap pass over a recording: which channels to transcribe, as whom, and how long.

The checks that need a whole channel (equal channels, a silent or mixed-down one, copies among
many tracks) are made block by block as the file decodes, so the transcription pass after it
can hold a few minutes of audio at a time (issue 15: 4.1 GB for a 2-hour call before).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from qa.domain.transcript import Speaker
from qa.engines.audio import SAMPLE_RATE
from qa.engines.channel_check import ChannelCheck, check_levels, frame_levels
from qa.engines.channels import SAME_CHANNEL_TOLERANCE, choose_among
from qa.errors import BadInputError


@dataclass(frozen=True, slots=True)
class Track:
    """One voice track to transcribe: the mean of some channels (most often just one)."""

    channels: tuple[int, ...]
    speaker: Speaker

    def audio(self, block: np.ndarray) -> np.ndarray:
        """This track's samples in a block of all channels (n_channels, n)."""
        if len(self.channels) == 1:
            return np.asarray(block[self.channels[0]])
        return np.asarray(block[list(self.channels)].mean(axis=0))


@dataclass(frozen=True, slots=True)
class CallPlan:
    """What the transcription pass does with a recording."""

    tracks: tuple[Track, ...]
    samples: int  # per channel, at 16 kHz
    mixed: ChannelCheck  # for one track: why, and the speaking channel of a stereo file
    channels_note: str = ""  # channels left out of a many-channel file
    loud_speaker: Speaker = "unknown"  # who the channel map puts on the only speaking channel

    @property
    def duration(self) -> float:
        """Length of the recording in seconds."""
        return self.samples / SAMPLE_RATE


class ChannelSurvey:
    """Running figures over the blocks of a recording: length, equal channels, 20 ms levels."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.samples = 0
        # same[a, b]: channels a and b have held the same sound so far (checked while true).
        self.same = np.ones((count, count), dtype=bool)
        self.levels: list[list[np.ndarray]] = [[] for _ in range(count)]

    def add(self, block: np.ndarray) -> None:
        self.samples += block.shape[1]
        for a in range(self.count):
            self.levels[a].append(frame_levels(block[a]))
            for b in range(a + 1, self.count):
                if self.same[a, b]:
                    close = np.allclose(block[a], block[b], atol=SAME_CHANNEL_TOLERANCE)
                    self.same[a, b] = self.same[b, a] = close

    def channel_levels(self, kept: Iterable[int]) -> np.ndarray:
        """20 ms frame levels (dBFS) of the given channels, (len(kept), n_frames)."""
        return np.stack([np.concatenate(self.levels[i]) for i in kept])

    def is_same(self, a: int, b: int) -> bool:
        """Whether channels a and b hold the same sound."""
        return bool(self.same[a, b])

    @property
    def is_mono(self) -> bool:
        """A "stereo" file whose channels are all equal is a mono call."""
        return bool(self.same[0].all())


def survey_blocks(blocks: Iterable[np.ndarray], where: str = "the recording") -> ChannelSurvey:
    """The survey of a recording's blocks (n_channels, n), each a multiple of 20 ms long but
    the last, as `decode_blocks` gives them; BadInputError when there are no samples."""
    found: ChannelSurvey | None = None
    for block in blocks:
        found = found or ChannelSurvey(len(block))
        found.add(block)
    if found is None or not found.samples:
        raise BadInputError(f"{where} holds no audio samples.")
    return found


def survey_call(
    blocks: Iterable[np.ndarray], channel_map: Mapping[str, str], where: str = "the recording"
) -> CallPlan:
    """The plan for a recording, from its blocks (as `survey_blocks`)."""
    return _plan(survey_blocks(blocks, where), channel_map)


def _plan(found: ChannelSurvey, channel_map: Mapping[str, str]) -> CallPlan:
    count = 1 if found.is_mono else found.count
    choice = choose_among(count, found.is_same, channel_map)
    kept = choice.kept
    if len(kept) == 1:
        return CallPlan((Track(kept, "unknown"),), found.samples, ChannelCheck(True), choice.note)
    mixed = check_levels(found.channel_levels(kept))
    if not mixed.mixed:
        tracks = tuple(Track((i,), who) for i, who in zip(kept, choice.speakers, strict=True))
        return CallPlan(tracks, found.samples, mixed, choice.note)
    if mixed.loud_index < 0:
        return CallPlan((Track(kept, "unknown"),), found.samples, mixed, choice.note)
    track = Track((kept[mixed.loud_index],), "unknown")
    loud = choice.speakers[mixed.loud_index]
    return CallPlan((track,), found.samples, mixed, choice.note, loud)
