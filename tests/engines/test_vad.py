"""Voice activity detection: speech becomes windows of at most 30 s; silence and tones vanish."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.engines.audio import SAMPLE_RATE, decode
from qa.engines.vad import WINDOW_SECONDS, Window, group_windows, speech_windows


@pytest.mark.parametrize("name", ["silence.wav", "tone.wav"])
def test_silence_and_tone_hold_no_speech(audio_dir: Path, name: str) -> None:
    channels, _ = decode(audio_dir / name)
    assert speech_windows(channels[0]) == []


def test_speech_is_found_where_it_was_spoken(audio_dir: Path) -> None:
    channels, _ = decode(audio_dir / "speech.wav")
    windows = speech_windows(channels[0])
    assert len(windows) == 1
    start, end = windows[0].spans[0][0], windows[0].spans[-1][1]
    assert 1.0 < start / SAMPLE_RATE < 1.8  # the greeting starts after 1.5 s of silence
    assert windows[0].samples < channels.shape[1] - SAMPLE_RATE * 2  # the silence is not sent
    assert end <= channels.shape[1]


def test_without_vad_the_whole_channel_is_sent_in_30s_windows() -> None:
    channel = np.zeros(int(70 * SAMPLE_RATE), dtype=np.float32)
    windows = speech_windows(channel, vad=False)
    assert [w.samples / SAMPLE_RATE for w in windows] == [30.0, 30.0, 10.0]


def test_regions_are_grouped_up_to_30_seconds() -> None:
    second = SAMPLE_RATE
    spans = [(i * 20 * second, (i * 20 + 12) * second) for i in range(5)]  # five 12 s regions
    windows = group_windows(spans)
    assert [len(w.spans) for w in windows] == [2, 2, 1]
    assert all(w.samples <= WINDOW_SECONDS * second for w in windows)


def test_window_time_maps_back_to_the_call() -> None:
    window = Window(((10 * SAMPLE_RATE, 12 * SAMPLE_RATE), (30 * SAMPLE_RATE, 35 * SAMPLE_RATE)))
    assert window.to_call_time(0.5) == pytest.approx(10.5)
    assert window.to_call_time(3.0) == pytest.approx(31.0)
    assert window.to_call_time(99.0) == pytest.approx(35.0)
