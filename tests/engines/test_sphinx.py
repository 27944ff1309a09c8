"""pocketsphinx, the engine that always works offline, hears real words with their times."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.transcript import Transcript
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call

REPO_RECORDINGS = Path(__file__).resolve().parents[2] / "recordings"


@pytest.fixture(scope="module")
def sphinx():  # type: ignore[no-untyped-def]
    return build_engine(EngineSpec("pocketsphinx"))


def text_of(transcript: Transcript, speaker: str = "") -> str:
    return " ".join(s.text for s in transcript.segments if not speaker or s.speaker == speaker)


def assert_well_formed(transcript: Transcript) -> None:
    for segment in transcript.segments:
        assert 0.0 <= segment.start <= segment.end <= transcript.duration + 0.05
        for word in segment.words:
            assert segment.start <= word.start <= word.end <= segment.end
            assert word.confidence is not None and 0.0 <= word.confidence <= 1.0


def test_mono_call_words_are_heard_with_unknown_speaker(audio_dir: Path, sphinx) -> None:  # type: ignore[no-untyped-def]
    transcript = transcribe_call(audio_dir / "speech.wav", sphinx, vocabulary=["Acme Wireless"])
    assert "thank you for calling" in text_of(transcript)
    assert "my name is" in text_of(transcript)
    assert {s.speaker for s in transcript.segments} == {"unknown"}
    assert transcript.segments[0].start > 1.0  # the greeting follows 1.5 s of silence
    assert transcript.engine == "pocketsphinx"
    assert transcript.extra["vocabulary"] == []  # pocketsphinx cannot use the names
    assert_well_formed(transcript)


def test_stereo_channels_map_to_speakers(audio_dir: Path, sphinx) -> None:  # type: ignore[no-untyped-def]
    agent_left = transcribe_call(audio_dir / "agent_only.flac", sphinx)
    assert "thank you for calling" in text_of(agent_left, "agent")
    assert text_of(agent_left, "customer") == ""  # a silent channel yields no words
    customer_right = transcribe_call(audio_dir / "customer_only.wav", sphinx)
    assert "thank you for calling" in text_of(customer_right, "customer")
    assert text_of(customer_right, "agent") == ""  # a tone yields no words
    assert_well_formed(customer_right)


def test_channel_map_from_settings_swaps_speakers(audio_dir: Path, sphinx) -> None:  # type: ignore[no-untyped-def]
    swapped = {"left": "customer", "right": "agent"}
    transcript = transcribe_call(audio_dir / "agent_only.flac", sphinx, swapped)
    assert {s.speaker for s in transcript.segments} == {"customer"}


@pytest.mark.skipif(
    not list(REPO_RECORDINGS.glob("*perfect*.flac")), reason="demo recordings not generated yet"
)
def test_demo_perfect_call_agent_greets(sphinx) -> None:  # type: ignore[no-untyped-def]
    recording = sorted(REPO_RECORDINGS.glob("*perfect*.flac"))[0]
    transcript = transcribe_call(recording, sphinx)
    assert "thank you for calling" in text_of(transcript, "agent")
    assert_well_formed(transcript)
