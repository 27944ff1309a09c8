"""Only speech is sent to the model, and what it hears lands back at the right time in the call."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.domain.transcript import Segment
from qa.engines.audio import SAMPLE_RATE, decode
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.vad import LEAD_SECONDS, PAD_SECONDS, Window, sounding_stretches, speech_windows
from tests.engines.test_whisper import tiny_spec

OFFSETS = (2.0, 21.0, 43.0)  # seconds where the greeting is said, with long silences between
CALL_SECONDS = 52.0
SLACK = 0.06  # silero scores 32 ms frames; a region edge may fall a frame or so from the speech


@pytest.fixture(scope="module")
def spaced_call(audio_dir: Path) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """One channel: the greeting three times, far apart; and the spans where it is spoken."""
    channels, _ = decode(audio_dir / "greeting.wav")
    greeting = channels[0]
    channel = np.zeros(int(CALL_SECONDS * SAMPLE_RATE), dtype=np.float32)
    for offset in OFFSETS:
        start = int(offset * SAMPLE_RATE)
        channel[start : start + len(greeting)] = greeting
    seconds = len(greeting) / SAMPLE_RATE
    return channel, [(offset, offset + seconds) for offset in OFFSETS]


def region_of(start: float, end: float, spoken: list[tuple[float, float]]) -> int | None:
    """Which spoken stretch [start, end] lies in, allowing for padding; None if in a gap."""
    before, after = LEAD_SECONDS + PAD_SECONDS + SLACK, PAD_SECONDS + 0.15
    for index, (first, last) in enumerate(spoken):
        if first - before <= start <= end <= last + after:
            return index
    return None


def assert_inside_speech(segments: list[Segment], spoken: list[tuple[float, float]]) -> None:
    assert segments, "the greeting is heard"
    for segment in segments:
        region = region_of(segment.start, segment.end, spoken)
        assert region is not None, f"{segment} spans a silence"
        for word in segment.words:
            assert region_of(word.start, word.end, spoken) == region


def test_the_gaps_are_not_sent(spaced_call: tuple[np.ndarray, list[tuple[float, float]]]) -> None:
    channel, spoken = spaced_call
    windows = speech_windows(channel)
    assert len(windows) == 1  # three short greetings fit one 30 s window, joined end to end
    speech = sum(last - first for first, last in spoken)
    sent = windows[0].samples / SAMPLE_RATE
    assert speech * 0.8 < sent < speech + len(spoken) * (LEAD_SECONDS + 2 * PAD_SECONDS + 0.2)
    assert all(region_of(s / SAMPLE_RATE, e / SAMPLE_RATE, spoken) is not None
               for s, e in windows[0].spans)  # fmt: skip


def test_pocketsphinx_words_land_in_their_regions(
    spaced_call: tuple[np.ndarray, list[tuple[float, float]]],
) -> None:
    channel, spoken = spaced_call
    engine = build_engine(EngineSpec("pocketsphinx"))
    segments = engine.transcribe_windows(channel, speech_windows(channel), "agent", ())
    assert_inside_speech(segments, spoken)
    heard = {region_of(s.start, s.end, spoken) for s in segments if "calling" in s.text}
    assert heard == {0, 1, 2}  # each greeting is heard where it was said


@pytest.mark.parametrize("batch_size", [1, 3])
def test_whisper_segments_and_words_land_in_their_regions(
    spaced_call: tuple[np.ndarray, list[tuple[float, float]]], tiny_whisper: Path, batch_size: int
) -> None:
    channel, spoken = spaced_call
    engine = build_engine(replace(tiny_spec(tiny_whisper, batch_size), sample_len=24))
    segments = engine.transcribe_windows(channel, speech_windows(channel), "agent", ())
    assert_inside_speech(segments, spoken)


def test_a_word_across_a_joint_stays_where_most_of_it_was_said() -> None:
    window = Window(((10 * SAMPLE_RATE, 12 * SAMPLE_RATE), (30 * SAMPLE_RATE, 35 * SAMPLE_RATE)))
    assert window.to_call_interval(1.5, 2.2) == pytest.approx((11.5, 12.0))  # mostly before
    assert window.to_call_interval(1.9, 3.0) == pytest.approx((30.0, 31.0))  # mostly after
    assert window.region_at(2.0) == 1 and window.region_at(1.99) == 0
    assert window.to_call_time(2.0) == pytest.approx(12.0)  # an end on the joint stays before


def test_digital_silence_is_skipped_before_the_vad(
    spaced_call: tuple[np.ndarray, list[tuple[float, float]]],
) -> None:
    channel, spoken = spaced_call
    stretches = [(s / SAMPLE_RATE, e / SAMPLE_RATE) for s, e in sounding_stretches(channel)]
    assert len(stretches) == len(spoken)
    for (first, last), (start, end) in zip(spoken, stretches, strict=True):
        assert start <= first + 0.05 and last - 0.05 <= end <= last + 0.1
    assert sounding_stretches(np.zeros(SAMPLE_RATE, dtype=np.float32)) == []


def test_a_whisper_segment_across_a_joint_is_cut_there() -> None:
    from qa.engines.whisper.convert import segments_from_whisper

    window = Window(((10 * SAMPLE_RATE, 12 * SAMPLE_RATE), (30 * SAMPLE_RATE, 35 * SAMPLE_RATE)))
    said = [(" thank", 0.1, 0.5), (" you.", 0.5, 1.0), (" my", 2.2, 2.5), (" name", 2.5, 3.0)]
    words = [{"word": w, "start": s, "end": e, "probability": 0.9} for w, s, e in said]
    raw = {"start": 0.0, "end": 3.0, "text": " thank you. my name", "words": words}
    first, second = segments_from_whisper({"segments": [raw]}, "agent", window)
    assert (first.text, first.start, first.end) == ("thank you.", 10.1, 11.0)
    assert (second.text, second.start, second.end) == ("my name", 30.2, 31.0)
    assert [w.text for w in second.words] == ["my", "name"]
