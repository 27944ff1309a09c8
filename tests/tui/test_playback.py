"""The player on miniaudio's null backend: the position moves, pauses, seeks and speeds up."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import miniaudio
import numpy as np
import pytest

from qa.pipeline.playback import Player, pick_frames


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten seconds of a stereo 8 kHz tone, made with sox."""
    path = tmp_path_factory.mktemp("audio") / "tone.wav"
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "2", str(path), "synth", "10", "sine", "440"],
        check=True,
    )
    return path


def _wait_past(player: Player, seconds: float, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while player.position <= seconds and time.monotonic() < deadline:
        time.sleep(0.02)


def test_the_position_moves_while_playing_and_stops_on_pause(recording: Path) -> None:
    player = Player(backends=[miniaudio.Backend.NULL])
    player.load(recording)
    assert player.duration == pytest.approx(10.0, abs=0.05)
    assert player.play() and player.problem == ""
    _wait_past(player, 0.2)
    assert player.position > 0.2
    player.pause()
    time.sleep(0.1)
    held = player.position
    time.sleep(0.3)
    assert player.position == held
    player.close()


def test_seek_skip_and_speed(recording: Path) -> None:
    player = Player(backends=[miniaudio.Backend.NULL])
    player.load(recording)
    player.seek(4.0)
    player.skip(-5.0)
    assert player.position == 0.0
    player.skip(5.0)
    assert player.position == pytest.approx(5.0)
    assert [player.next_speed() for _ in range(4)] == [1.25, 1.5, 2.0, 1.0]
    player.close()


def test_double_speed_plays_every_other_frame_and_runs_twice_as_far() -> None:
    frames = np.arange(20, dtype=np.int16).reshape(10, 2)
    out, position = pick_frames(frames, 2.0, 3, 2.0)
    assert out.tolist() == [[4, 5], [8, 9], [12, 13]]
    assert position == 8.0
    tail, _ = pick_frames(frames, 8.0, 3, 1.0)
    assert tail.tolist() == [[16, 17], [18, 19], [0, 0]]  # silence past the end


def test_without_a_sound_device_playback_says_so(recording: Path) -> None:
    player = Player(backends=[miniaudio.Backend.JACK])  # no JACK server runs here
    player.load(recording)
    assert player.play() is False
    # one plain sentence, none of miniaudio's tuple of code and message
    assert player.problem.startswith("No sound device found, so playback is off")
    assert "(" not in player.problem and "-" not in player.problem
    assert player.position == 0.0
