"""Redaction closes its gaps (issue 14): answers to the agent's request, cards read in parts or
misheard, IBANs, and Whisper's ways of writing digits. Card data must never be stored."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.redaction.iban import IBAN_LENGTHS, iban_valid
from qa.domain.redaction.redaction import Kind, RedactionPolicy, detect, redact_transcript
from qa.domain.transcript import Transcript
from tests.domain.redaction.test_redaction_properties import (
    PAUSE,
    _numbers_left,
    _say,
    _segment,
    card_numbers,
    spoken_groups,
)


def _call(*turns: tuple[str, str], gap: float = 0.5) -> Transcript:
    segments, t = [], 0.0
    for speaker, text in turns:
        segments.append(_segment(text, t, speaker))
        t = segments[-1].end + gap
    return Transcript(tuple(segments))


def _kinds(transcript: Transcript) -> list[Kind]:
    return [f.kind for f in detect(transcript)]


class TestAnswersToRequests:
    """Digits that answer the agent are that kind, with no cue word in the customer's turn."""

    @pytest.mark.parametrize(
        ("asked", "answer", "kind"),
        [
            ("what is the expiry date", "oh nine twenty seven", Kind.EXPIRY),
            ("and the expiry please", "0927", Kind.EXPIRY),
            ("and the security code", "seven three seven", Kind.CVV),
            ("the digits on the back of the card", "uh 737", Kind.CVV),
            ("card number please", "4111 1111 1111 1112", Kind.CARD),  # one digit misheard
        ],
    )
    def test_the_answer_is_redacted_as_what_was_asked(
        self, asked: str, answer: str, kind: Kind
    ) -> None:
        call = _call(("agent", asked), ("customer", answer))
        assert _kinds(call) == [kind]
        assert _numbers_left(redact_transcript(call, RedactionPolicy()).transcript) == []

    def test_an_order_number_asked_for_is_left_alone(self) -> None:
        call = _call(("agent", "what is the order number"), ("customer", "one two three four"))
        assert _kinds(call) == []

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def test_any_code_said_in_reply_to_the_request_is_redacted(self, data: st.DataObject) -> None:
        code = data.draw(st.text("0123456789", min_size=3, max_size=4))
        style = data.draw(st.sampled_from(["singles", "written", "repeats"]))
        asked = data.draw(st.sampled_from(["and the security code", "what's the cvv", "cvc?"]))
        lead = data.draw(st.sampled_from(["", "it's ", "um ", "yeah it's "]))
        call = _call(("agent", asked), ("customer", lead + _say(code, style, "zero")))
        assert Kind.CVV in _kinds(call)
        assert _numbers_left(redact_transcript(call, RedactionPolicy()).transcript) == []


class TestCardsInParts:
    """A card read across a long pause, or finished by the other speaker, is still a card."""

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def test_a_card_split_by_a_long_pause_is_redacted(self, data: st.DataObject) -> None:
        number = data.draw(card_numbers())
        groups = data.draw(spoken_groups(number).filter(lambda g: len(g) > 1))
        cut = data.draw(st.integers(1, len(groups) - 1))
        pause = data.draw(st.floats(9.0, 25.0))  # longer than one speaker's stream may pause
        call = _call(
            ("customer", "my card number is " + f" {PAUSE} ".join(groups[:cut])),
            ("customer", f" {PAUSE} ".join(groups[cut:])),
            gap=pause,
        )
        result = redact_transcript(call, RedactionPolicy())
        assert _numbers_left(result.transcript) == []

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def test_a_card_finished_by_the_other_speaker_is_redacted(self, data: st.DataObject) -> None:
        number = data.draw(card_numbers())
        cut = data.draw(st.integers(4, len(number) - 4))
        zero = data.draw(st.sampled_from(["zero", "oh"]))
        # (a part made only of "oh oh oh" reads as no number at all: a known limit)
        call = _call(
            ("customer", "the card number is " + _say(number[:cut], "singles", zero)),
            ("agent", "and then " + _say(number[cut:], "singles", "zero")),
        )
        assert _numbers_left(redact_transcript(call, RedactionPolicy()).transcript) == []

    def test_a_minute_of_silence_still_ends_the_number(self) -> None:
        call = _call(("customer", "4532 0151"), ("customer", "1283 0366"), gap=60.0)
        assert _kinds(call) == []


class TestMisheardCards:
    """After "card number", 13-19 digits are a card even when the Luhn check fails."""

    @settings(max_examples=200, deadline=None)
    @given(st.data())
    def test_a_misheard_card_after_its_cue_is_redacted(self, data: st.DataObject) -> None:
        number = data.draw(card_numbers(valid=False))
        cue = data.draw(st.sampled_from(["my card number is", "the card is", "long number"]))
        style = data.draw(st.sampled_from(["singles", "written", "pairs"]))
        call = _call(("customer", f"{cue} {_say(number, style, 'oh')}"))
        assert Kind.CARD in _kinds(call)
        assert _numbers_left(redact_transcript(call, RedactionPolicy()).transcript) == []


class TestWhisperForms:
    """How Whisper writes a number read out: dashes between digits, groups, punctuation."""

    @settings(max_examples=200, deadline=None)
    @given(st.data())
    def test_every_written_form_of_a_card_is_redacted(self, data: st.DataObject) -> None:
        number = data.draw(card_numbers(lengths=(16,)))
        groups = [number[i : i + 4] for i in range(0, 16, 4)]
        form = data.draw(st.sampled_from(["dashed digits", "spaced", "dashed", "split"]))
        if form == "dashed digits":
            turns = [("customer", "-".join(number))]
        elif form == "spaced":
            turns = [("customer", " ".join(groups))]
        elif form == "dashed":
            turns = [("customer", "-".join(groups))]
        else:  # punctuation where the segments break
            mark = data.draw(st.sampled_from([",", ".", "...", ""]))
            turns = [
                ("customer", f"{groups[0]} {groups[1]}{mark}"),
                ("customer", " ".join(groups[2:])),
            ]
        result = redact_transcript(_call(*turns), RedactionPolicy())
        assert _numbers_left(result.transcript) == []


def _iban(country: str, body: str) -> str:
    """A valid IBAN: the check digits computed for the country and account (BBAN)."""
    moved = body + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    return f"{country}{check:02d}{body}"


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(["GB", "DE", "NL", "FR", "ES", "IE", "BE"]))
    length = IBAN_LENGTHS[country] - 4
    letters = draw(st.text(string.ascii_uppercase, min_size=4, max_size=4))
    digits = draw(st.text(string.digits, min_size=length - 4, max_size=length - 4))
    return _iban(country, letters + digits if country in ("GB", "NL", "IE") else digits + "0000")


SPOKEN = dict(
    zip("0123456789", "zero one two three four five six seven eight nine".split(), strict=True)
)


class TestIbans:
    """IBANs written in groups of four, in one piece, or spelt out."""

    def test_the_example_iban_is_valid(self) -> None:
        assert iban_valid("GB82WEST12345698765432")
        assert not iban_valid("GB82WEST12345698765433")

    @settings(max_examples=150, deadline=None)
    @given(ibans(), st.sampled_from(["grouped", "whole", "spelt"]), st.booleans())
    def test_any_valid_iban_is_redacted(self, iban: str, form: str, cued: bool) -> None:
        if form == "grouped":
            said = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        elif form == "whole":
            said = iban
        else:
            said = " ".join(SPOKEN.get(c, c.lower()) for c in iban)
        call = _call(("customer", ("my iban is " if cued else "send it to ") + said + " thanks"))
        result = redact_transcript(call, RedactionPolicy())
        assert Kind.IBAN in {f.kind for f in result.findings}
        assert iban[4:8].lower() not in result.transcript.segments[0].text.lower()
        assert result.transcript.segments[0].text.endswith("[IBAN] thanks")

    def test_words_that_look_like_a_country_code_are_not_an_iban(self) -> None:
        call = _call(("customer", "de 12 items at 3400 each for 5 days"))
        assert Kind.IBAN not in _kinds(call)


def test_a_phone_number_after_a_card_is_still_a_phone_number() -> None:
    call = _call(("customer", "my card number is 4111 1111 1111 1111 and my phone is 212 555 0199"))
    assert _kinds(call) == [Kind.CARD, Kind.PHONE]
