"""More than two channels follow qa.toml [channels]: the rest are left out with a note, and no
line is ever transcribed twice (issue 14: a 6-channel file gave every line three times)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from qa.engines.audio import decode
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import DEFAULT_CHANNELS, transcribe_call
from qa.engines.channels import choose_channels


def _write(path: Path, channels: np.ndarray, rate: int = 16000) -> Path:
    pcm = (np.clip(channels.T, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels.shape[0])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


@pytest.fixture
def six_channels(audio_dir: Path, tmp_path: Path) -> Path:
    """Agent speech on 1, silence on 2, then a mix-down and three copies of the agent track."""
    stereo, _ = decode(audio_dir / "agent_only.flac")
    agent, customer = stereo[0], stereo[1]
    return _write(tmp_path / "six.wav", np.stack([agent, customer, agent, agent, agent, agent]))


def test_a_six_channel_call_keeps_the_named_channels_once(six_channels: Path) -> None:
    sphinx = build_engine(EngineSpec("pocketsphinx"))
    transcript = transcribe_call(six_channels, sphinx, DEFAULT_CHANNELS)
    assert {s.speaker for s in transcript.segments} == {"agent"}  # nothing as "unknown"
    texts = [s.text for s in transcript.segments]
    assert len(texts) == len(set(texts)), texts  # no line twice
    assert "channel 3, 4, 5, 6 ignored" in transcript.extra["channels_note"]


def test_channel_numbers_in_qa_toml_pick_the_speakers() -> None:
    tone = np.sin(np.linspace(0, 200, 1600, dtype=np.float32))
    channels = np.stack([tone * 0, tone, tone * 0.5, tone * 0.2])
    choice = choose_channels(channels, {"2": "customer", "4": "agent"})
    assert (choice.kept, choice.speakers) == ((1, 3), ("customer", "agent"))
    assert "channel 1, 3 ignored" in choice.note


def test_stereo_is_as_before() -> None:
    stereo = np.stack([np.ones(10, np.float32), np.zeros(10, np.float32)])
    choice = choose_channels(stereo, {"left": "agent", "right": "customer"})
    assert (choice.kept, choice.speakers, choice.note) == ((0, 1), ("agent", "customer"), "")
