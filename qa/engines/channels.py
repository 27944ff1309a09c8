"""Which channel of a recording is whom: qa.toml [channels], and what to do with the others.

Keys of [channels] are `left`/`right` or channel numbers counted from 1 ("3" = the third).
A stereo file keeps both channels (an unnamed one is `unknown`). A file with more channels
keeps only those [channels] names — a recorder's extra tracks (a mix-down, copies, silence)
would otherwise be transcribed again as `unknown`, every line repeated — and says which it
left out. Two kept channels with the same sound are one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from qa.domain.transcript import Speaker
from qa.engines.importers import map_speaker

_NAMES = ("left", "right")
SAME_CHANNEL_TOLERANCE = 1e-3  # float32 samples this close are the same sound


@dataclass(frozen=True, slots=True)
class ChannelChoice:
    """The channels to transcribe (indices), their speakers, and a note on the rest."""

    kept: tuple[int, ...]
    speakers: tuple[Speaker, ...]
    note: str = ""


def _named(index: int, channel_map: Mapping[str, str]) -> str:
    by_number = channel_map.get(str(index + 1), "")
    by_name = channel_map.get(_NAMES[index], "") if index < len(_NAMES) else ""
    return str(by_number or by_name)


def _same(channels: np.ndarray, a: int, b: int) -> bool:
    return bool(np.allclose(channels[a], channels[b], atol=SAME_CHANNEL_TOLERANCE))


def choose_channels(channels: np.ndarray, channel_map: Mapping[str, str]) -> ChannelChoice:
    """The channels of decoded audio (n_channels, n_samples) to transcribe, and as whom."""
    return choose_among(len(channels), lambda a, b: _same(channels, a, b), channel_map)


def choose_among(
    count: int, same: Callable[[int, int], bool], channel_map: Mapping[str, str]
) -> ChannelChoice:
    """The channels to transcribe out of `count`, given which pairs hold the same sound."""
    if count == 1:
        return ChannelChoice((0,), ("unknown",))  # one voice track: diarization tells them apart
    if count == 2:
        pair = tuple(map_speaker(_named(i, channel_map), {}) for i in range(count))
        return ChannelChoice((0, 1), pair)
    named = [i for i in range(count) if _named(i, channel_map)] or [0]
    kept: list[int] = []
    for index in named:
        if not any(same(index, other) for other in kept):
            kept.append(index)
    left_out = [str(i + 1) for i in range(count) if i not in kept]
    note = (
        f"{count} channels: channel {', '.join(left_out)} ignored (not named in qa.toml "
        "[channels], or the same sound as a kept one)"
    )
    named_speakers = tuple(map_speaker(_named(i, channel_map), {}) for i in kept)
    return ChannelChoice(tuple(kept), named_speakers, note)
