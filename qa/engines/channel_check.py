"""Stereo recordings that are not really two speakers: both voices on both channels, or one silent.

Such a file's channel map would put every word under one speaker (or both), so it is separated by
voice like a mono call instead (issue 17).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from qa.engines.audio import SAMPLE_RATE

ACTIVE_DB = -45.0  # dBFS: a frame louder than this on either channel is someone talking
SILENT_CHANNEL_DB = -50.0  # a channel whose loud frames (95th percentile) stay below is silent
# On a stereo call each frame's talker is much louder on their own channel (10 dB and more, even
# with echo or bleed); on a mixed-down file the two channels differ by a few dB at most.
SAME_LEVEL_DB = 6.0
MIXED_SHARE = 0.8  # this share of talking frames at the same level on both channels: mixed
MIN_ACTIVE_FRAMES = 50  # 1 s of talk; less says nothing either way
FRAME = SAMPLE_RATE // 50  # 20 ms frames


def frame_levels(channel: np.ndarray) -> np.ndarray:
    """RMS level in dBFS of consecutive 20 ms frames (digital silence reads -100)."""
    count = len(channel) // FRAME
    frames = channel[: count * FRAME].astype(np.float64).reshape(count, FRAME)
    return np.asarray(20.0 * np.log10(np.maximum(np.sqrt(np.mean(frames**2, axis=1)), 1e-5)))


@dataclass(frozen=True, slots=True)
class ChannelCheck:
    """What the channels hold: `mixed` (one channel to separate by voice) and why."""

    mixed: bool
    channel: np.ndarray | None = None  # the audio to separate when mixed
    loud_index: int = -1  # with one silent channel: the channel that carries the speech
    note: str = ""


def check_levels(levels: np.ndarray) -> ChannelCheck:
    """Whether two channels, given their 20 ms frame levels (2, n_frames), are really two
    speakers, one per channel. When mixed, `loud_index` names the channel to separate by voice
    (-1: both channels averaged); `channel` is left unset."""
    if len(levels) != 2:
        return ChannelCheck(False)
    loud = np.percentile(levels, 95, axis=1)
    if min(loud) < SILENT_CHANNEL_DB <= max(loud):
        index = int(loud.argmax())
        note = f"stereo recording with one silent channel ({('left', 'right')[1 - index]})"
        return ChannelCheck(True, None, index, note)
    active = levels.max(axis=0) > ACTIVE_DB
    if active.sum() < MIN_ACTIVE_FRAMES:
        return ChannelCheck(False)
    same = np.abs(levels[0, active] - levels[1, active]) < SAME_LEVEL_DB
    if same.mean() < MIXED_SHARE:
        return ChannelCheck(False)
    return ChannelCheck(True, None, -1, "stereo recording with both voices on both channels")


def check_channels(channels: np.ndarray) -> ChannelCheck:
    """Whether a two-channel recording is really two speakers, one per channel."""
    if len(channels) != 2:
        return ChannelCheck(False)
    check = check_levels(np.stack([frame_levels(c) for c in channels]))
    if not check.mixed:
        return check
    mixed = channels[check.loud_index] if check.loud_index >= 0 else channels.mean(axis=0)
    return replace(check, channel=mixed)
