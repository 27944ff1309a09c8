"""Speaker separation of one-channel audio, on a demo call mixed down (its channels: the truth)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.engines.audio import decode
from qa.engines.channel_check import check_channels
from qa.engines.speakers.diarization import FRAME_SECONDS, MIN_TURN_SECONDS, diarize, smooth_turns
from qa.engines.vad import speech_regions

REPO = Path(__file__).resolve().parents[2]
CALL = REPO / "recordings" / "C-1001_perfect.flac"


@pytest.fixture(scope="module")
def stereo() -> np.ndarray:
    return decode(CALL)[0]


def _truth(stereo: np.ndarray) -> np.ndarray:
    """Per 10 ms frame: 0 agent, 1 customer, -1 nobody or both (from the channels)."""
    step = int(16000 * FRAME_SECONDS)
    frames = stereo.shape[1] // step
    loud = np.abs(stereo[:, : frames * step]).reshape(2, frames, step).max(axis=2) > 1e-3
    return np.where(loud[0] & ~loud[1], 0, np.where(loud[1] & ~loud[0], 1, -1))


def test_a_mixed_down_call_separates_into_its_two_voices(stereo: np.ndarray) -> None:
    mono = stereo.mean(axis=0)
    found = diarize(mono, speech_regions(mono))
    assert found.voices == 2
    assert found.frame_voice is not None
    truth = _truth(stereo)[: len(found.frame_voice)]
    judged = (truth >= 0) & (found.frame_voice[: len(truth)] >= 0)
    agree = (found.frame_voice[: len(truth)][judged] == truth[judged]).mean()
    assert max(agree, 1 - agree) >= 0.9  # voice numbers are arbitrary; the split is not
    assert found.frame_voice[judged][0] == 0  # voice 0 is the first to speak


def test_one_voice_is_one_voice(stereo: np.ndarray) -> None:
    agent = stereo[0]
    found = diarize(agent, speech_regions(agent))
    assert found.voices == 1


def test_silence_has_no_voices() -> None:
    found = diarize(np.zeros(16000 * 3, dtype=np.float32), [])
    assert found.voices == 0 and not found.turns


@given(st.lists(st.integers(0, 1), min_size=1, max_size=300))
def test_smoothed_turns_never_flip_for_less_than_the_minimum(labels: list[int]) -> None:
    minimum = int(MIN_TURN_SECONDS / FRAME_SECONDS)
    out = smooth_turns(np.array(labels), minimum)
    runs = np.split(out, np.flatnonzero(np.diff(out)) + 1)
    assert len(runs) == 1 or all(len(run) >= minimum for run in runs)


class TestStereoThatIsReallyMono:
    def test_a_true_stereo_call_keeps_its_channel_map(self, stereo: np.ndarray) -> None:
        assert not check_channels(stereo).mixed

    def test_both_voices_on_both_channels_is_mixed(self, stereo: np.ndarray) -> None:
        mono = stereo.mean(axis=0)
        check = check_channels(np.stack([mono, 0.7 * mono]))
        assert check.mixed and "both voices on both channels" in check.note

    def test_one_silent_channel_is_mixed_and_names_the_speaking_one(
        self, stereo: np.ndarray
    ) -> None:
        mono = stereo.mean(axis=0)
        check = check_channels(np.stack([np.zeros_like(mono), mono]))
        assert check.mixed and check.loud_index == 1 and "silent" in check.note


def test_three_or_more_voices_are_told(stereo: np.ndarray) -> None:
    """Two demo calls back to back (a transfer): four flite voices, not two."""
    other = decode(REPO / "recordings" / "C-1010_mono.flac")[0][0]
    joined = np.concatenate([stereo.mean(axis=0), other])
    assert diarize(joined, speech_regions(joined)).voices == 3
