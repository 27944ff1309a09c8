"""Lines Whisper invents on real audio (a noisy tail, hold music, a card read out) are dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qa.domain.transcript import Segment, Word
from qa.engines.base import Engine, EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call
from qa.engines.hallucination import keep_heard, looks_hallucinated
from tests.engines.conftest import DEMO_CALLS

Channel = Callable[[str], Path]
END_OF_SPEECH = 12.6  # the agent's "Have a great day." ends here in call_ends_in_noise


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_engine(EngineSpec("whisper", model="tiny.en", device="cpu"))


@pytest.fixture(scope="module")
def greedy_engine() -> Engine:
    """tiny.en decoding greedily only: the same words whatever was decoded before."""
    return build_engine(EngineSpec("whisper", model="tiny.en", device="cpu", temperature=(0.0,)))


@pytest.mark.parametrize("vad", [True, pytest.param(False, marks=pytest.mark.slow)])
def test_nothing_is_heard_after_the_last_words(
    engine: Engine, call_ends_in_noise: Path, vad: bool
) -> None:
    transcript = transcribe_call(call_ends_in_noise, engine, vocabulary=["Acme Wireless"], vad=vad)
    last_words = " ".join(w.text for s in transcript.segments for w in s.words).casefold()
    assert last_words.rstrip(" .!").endswith("have a great day")
    assert transcript.last_speech <= END_OF_SPEECH + 0.5


@pytest.mark.slow
def test_one_voice_and_line_noise_stay_one_speaker(
    engine: Engine, call_ends_in_noise: Path
) -> None:
    # Without the VAD the engine hears the noise too; the voices must still be told on speech.
    transcript = transcribe_call(
        call_ends_in_noise, engine, vocabulary=["Acme Wireless"], vad=False
    )
    assert len({s.speaker for s in transcript.segments}) == 1


@pytest.mark.slow
def test_hold_music_stays_silent(engine: Engine, customer_channel: Channel) -> None:
    # C-1009: the customer hears 42 s of hold music between "Sure." (~22 s) and ~75 s.
    transcript = transcribe_call(customer_channel("C-1009_long-hold"), engine, vad=False)
    during_hold = [s.text for s in transcript.segments if 23.0 < s.start < 74.0]
    assert during_hold == []


def test_a_card_number_read_out_is_kept_and_its_loop_cut(
    engine: Engine, customer_channel: Channel
) -> None:
    transcript = transcribe_call(customer_channel("C-1011_card-payment"), engine)
    heard = " ".join(s.text for s in transcript.segments).casefold()
    assert "pay my bill by card" in heard and "that is all" in heard
    assert heard.replace("-", "").count("1" * 17) == 0  # no run past a card's length


def said(start: float, end: float, text: str, confidence: float = 0.9) -> Segment:
    words = tuple(
        Word(start, end, w, confidence) for w in text.split()
    )  # times per word do not matter here
    return Segment(start, end, "agent", text, confidence, words)


def test_sign_offs_go_only_when_unsure_or_too_short() -> None:
    kept = keep_heard(
        [
            said(50.0, 51.5, "Thank you for calling Acme Wireless."),
            said(51.6, 52.3, "Thank you."),  # said, clearly
            said(61.4, 61.5, "Thank you."),  # 0.1 s: invented
            said(62.0, 63.0, "Bye.", confidence=0.2),  # unsure
            said(63.0, 64.0, "Thanks for watching!"),
        ]
    )
    assert [s.start for s in kept] == [50.0, 51.6]


def test_an_echo_of_the_line_before_is_dropped_and_a_digit_loop_is_cut() -> None:
    kept = keep_heard(
        [
            said(55.1, 57.15, "No, that is everything, thanks."),
            said(57.15, 57.17, "Thanks."),
            said(60.0, 64.0, "It is 4-" + "-".join("1" * 30) + "."),
        ]
    )
    assert [s.text for s in kept] == ["No, that is everything, thanks.", "It is 4-1-1-1-1."]


def test_a_sentence_with_no_time_to_be_said_goes_only_when_unsure() -> None:
    squeezed = "This is the first time I've been working on this."
    kept = keep_heard(
        [
            said(57.15, 57.25, squeezed, confidence=0.2),  # 10 unsure words in 0.1 s
            said(60.0, 60.1, squeezed),  # the model was sure: kept, a person may listen
            said(62.0, 62.1, "Yes, sure.", confidence=0.2),  # two words fit a word boundary
            said(64.0, 67.0, squeezed, confidence=0.2),  # time enough to say it
        ]
    )
    assert [s.start for s in kept] == [60.0, 62.0, 64.0]


@pytest.mark.slow
def test_no_line_is_invented_after_the_callers_last_words(greedy_engine: Engine) -> None:
    # Greedy only (no sampled retries): tiny.en writes a sentence into 0.1 s after "thanks."
    transcript = transcribe_call(
        DEMO_CALLS / "C-1001_perfect.flac",
        greedy_engine,
        vocabulary=["Acme Wireless", "Acme", "Sarah Kim", "Sarah"],
    )
    caller = [s for s in transcript.segments if s.speaker == "customer"]
    assert "thanks" in caller[-1].text.casefold()  # "No, that is everything, thanks." is last


def test_a_card_number_is_not_a_loop() -> None:
    assert not looks_hallucinated("Yes, it is four one one one, one one one one, one one one one.")
    assert not looks_hallucinated("4111 1111 1111 1111")
