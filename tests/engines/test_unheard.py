"""Speech Whisper skipped is found, decoded again on real audio, and what stays is a gap."""

from __future__ import annotations

from pathlib import Path

from qa.domain.transcript import Gap, Segment, Word
from qa.engines.audio import SAMPLE_RATE
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call
from qa.engines.unheard import speech_gaps, unheard_in
from qa.engines.vad import Window


def seconds(start: float, end: float) -> tuple[int, int]:
    return int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)


def heard(start: float, end: float, *times: tuple[float, float]) -> Segment:
    words = tuple(Word(a, b, "word") for a, b in times)
    return Segment(start, end, "customer", "words", words=words)


def test_a_region_heard_only_at_its_end_is_unheard_before() -> None:
    # "Honestly, that's not my problem, the store should handle that" heard from 3.1 s only.
    region = seconds(0.0, 4.5)
    words = [(3.1, 3.4), (3.4, 3.8), (3.8, 4.4)]
    assert unheard_in(region, words) == [seconds(0.0, 3.1 - 0.25)]
    assert unheard_in(region, [(0.2, 0.5), *words]) == [seconds(0.75, 2.85)]
    assert unheard_in(region, [(0.2, 2.0), (2.2, 4.4)]) == []  # short pauses are not gaps


def test_what_no_segment_covers_becomes_a_gap_of_that_speaker() -> None:
    window = Window((seconds(10.0, 12.0), seconds(20.0, 23.0)))
    segments = [heard(10.0, 12.0, (10.1, 11.9))]
    assert speech_gaps([window], segments, "customer") == [Gap(20.0, 23.0, "customer")]
    assert speech_gaps([window], segments, "agent") == [
        Gap(10.0, 12.0, "agent"),
        Gap(20.0, 23.0, "agent"),
    ]


def test_skipped_speech_is_decoded_again(call_ends_in_noise: Path) -> None:
    # tiny.en, prompted with the business name, returns nothing at all for the window holding
    # "...active within the hour. Is there anything else...? Thank you for calling...".
    engine = build_engine(EngineSpec("whisper", model="tiny.en", device="cpu"))
    transcript = transcribe_call(call_ends_in_noise, engine, vocabulary=["Acme Wireless"])
    text = " ".join(s.text for s in transcript.segments).casefold()
    assert "within the hour" in text and "anything else i can help you with" in text
    assert "thank you for calling acme wireless" in text
    assert transcript.gaps == ()
