"""Whisper's way of writing speech normalises to the words that were said."""

from __future__ import annotations

import pytest

from qa.domain.matching.normalize import normalize_text


@pytest.mark.parametrize(
    ("whisper", "said"),
    [
        ("Thank you for calling Acme Wireless.", "thank you for calling acme wireless"),
        ("Thank you, Mr. Reed.", "thank you mister reed"),
        ("Dr. Patel will call you back.", "doctor patel will call you back"),
        ("Would save you $10 a month.", "would save you ten dollars a month"),
        ("Your balance is $52.", "your balance is fifty two dollars"),
        ("It is 4-1-1-1.", "it is four one one one"),
        ("Anything else I can help you with?", "anything else i can help you with"),
        ("No, that is everything, thanks.", "no that is everything thank you"),
    ],
)  # fmt: skip
def test_whisper_text_reads_as_spoken(whisper: str, said: str) -> None:
    assert normalize_text(whisper) == said
