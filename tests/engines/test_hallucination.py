"""Text the model likely invented is dropped: loops, and confident-silence segments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.engines.hallucination import looks_hallucinated, repeats_phrase


@pytest.mark.parametrize(
    "text",
    [
        "thank you. thank you. thank you.",
        "I'm sorry I'm sorry I'm sorry",
        "please hold please hold please hold the line",
        "bye bye bye bye",
    ],
)
def test_a_phrase_said_three_times_running_is_a_loop(text: str) -> None:
    assert repeats_phrase(text)
    assert looks_hallucinated(text)


@pytest.mark.parametrize(
    "text",
    [
        "thank you for calling acme wireless my name is sarah",
        "thank you, thank you so much",
        "yes yes that's right",
    ],
)
def test_ordinary_speech_is_kept(text: str) -> None:
    assert not looks_hallucinated(text, no_speech_prob=0.1, avg_logprob=-0.3)


def test_confident_silence_is_dropped_but_unsure_speech_is_kept() -> None:
    assert looks_hallucinated("thanks for watching", no_speech_prob=0.9, avg_logprob=-1.5)
    assert not looks_hallucinated("thanks for calling", no_speech_prob=0.9, avg_logprob=-0.4)
    assert looks_hallucinated("a b c d e f", compression_ratio=3.1)
    assert looks_hallucinated("  ... ")


WORDS = st.sampled_from(["acme", "phone", "plan", "yes", "bill", "card", "upgrade"])


@given(st.lists(WORDS, unique=True, max_size=7))
def test_distinct_words_are_never_a_loop(words: list[str]) -> None:
    assert not repeats_phrase(" ".join(words))


@given(st.lists(WORDS, min_size=1, max_size=6), st.lists(WORDS, max_size=4))
def test_any_short_phrase_said_three_times_is_a_loop(phrase: list[str], before: list[str]) -> None:
    assert repeats_phrase(" ".join([*before, *phrase, *phrase, *phrase]))
