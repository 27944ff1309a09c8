"""Redaction finds card numbers and other personal data, and leaves ordinary talk alone."""

from __future__ import annotations

import pytest

from qa.domain.matching.spoken_numbers import luhn_valid, read_numbers
from qa.domain.redaction.redaction import (
    Finding,
    Kind,
    RedactionPolicy,
    describe,
    detect,
    policy_from_settings,
    redact_transcript,
    redaction_complete,
)
from qa.domain.transcript import Segment, Transcript, Word, transcript_to_dict

CARD = "4532015112830366"  # passes the Luhn check
SPOKEN_CARD = "four five three two oh one five one one two eight three oh three six six"


def segment(
    text: str, speaker: str = "customer", start: float = 0.0, words: bool = True
) -> Segment:
    """A segment whose words are 0.4 s apart, as an engine with word times gives them."""
    timed = tuple(
        Word(start + i * 0.4, start + i * 0.4 + 0.3, w) for i, w in enumerate(text.split())
    )
    end = start + 0.4 * max(1, len(text.split()))
    return Segment(start, end, speaker, text, words=timed if words else ())  # type: ignore[arg-type]


def kinds(*texts: str) -> list[str]:
    """Kinds found in a one-speaker transcript of these segments, 30 s apart."""
    segments = tuple(segment(t, start=i * 30.0) for i, t in enumerate(texts))
    return [f.kind.value for f in detect(Transcript(segments))]


def redacted_text(text: str) -> str:
    result = redact_transcript(Transcript((segment(text),)), RedactionPolicy())
    return result.transcript.segments[0].text


class TestSpokenNumbers:
    """Numbers read the ways callers say them."""

    @pytest.mark.parametrize(
        ("said", "digits"),
        [
            ("four five three two", "4532"),
            ("double five triple one", "55111"),
            ("oh four", "04"),
            ("forty five thirty two", "4532"),
            ("nineteen eighty five", "1985"),
            ("eight hundred", "800"),
            ("twenty", "20"),
            ("4532 0151", "45320151"),
        ],
    )
    def test_digits_read(self, said: str, digits: str) -> None:
        assert "".join(p.digits for p in read_numbers(said.split())) == digits

    def test_luhn(self) -> None:
        assert luhn_valid(CARD)
        assert not luhn_valid(CARD[:-1] + "7")


class TestCards:
    """Card numbers, written or spoken, are found and replaced by [CARD]."""

    @pytest.mark.parametrize(
        "said",
        [
            f"my card number is {SPOKEN_CARD}",
            "it's 4532 0151 1283 0366",
            "4532-0151-1283-0366",
            "card 4532015112830366 thanks",
            "forty five thirty two oh one fifty one twelve eighty three oh three sixty six",
            "four five three two um oh one five one uh one two eight three oh three double six",
            "oh four five three two oh one five one one two eight three oh three six six",
        ],
    )
    def test_card_found(self, said: str) -> None:
        assert "card" in kinds(said)
        assert not any(ch.isdigit() for ch in redacted_text(said))

    def test_invalid_luhn_is_not_a_card(self) -> None:
        said = "four five three two oh one five one one two eight three oh three six seven"
        assert kinds(said) == []

    def test_card_split_across_segments_of_one_speaker(self) -> None:
        transcript = Transcript(
            (
                segment("it's four five three two oh one five one", start=10.0),
                segment("uh huh", speaker="agent", start=13.5),
                segment("one two eight three oh three six six", start=14.5),
            )
        )
        result = redact_transcript(transcript, RedactionPolicy())
        assert [(f.kind, f.segment) for f in result.findings] == [(Kind.CARD, 0), (Kind.CARD, 2)]
        texts = [s.text for s in result.transcript.segments]
        assert texts == ["it's [CARD]", "uh huh", "[CARD]"]

    def test_a_card_finished_by_the_other_speaker_is_redacted(self) -> None:
        # issue 14: the agent reading back the rest of the number stored half a card
        transcript = Transcript(
            (
                segment("four five three two oh one five one", start=0.0),
                segment("one two eight three oh three six six", speaker="agent", start=4.0),
            )
        )
        assert [(f.kind, f.segment) for f in detect(transcript)] == [
            (Kind.CARD, 0),
            (Kind.CARD, 1),
        ]

    def test_long_pause_ends_the_number(self) -> None:
        transcript = Transcript(
            (
                segment("four five three two oh one five one", start=0.0),
                segment("one two eight three oh three six six", start=60.0),
            )
        )
        assert detect(transcript) == ()


class TestCardDetails:
    """Security codes and expiry dates said after a card or after their cue."""

    def test_expiry_and_code_after_card(self) -> None:
        said = "it's 4532 0151 1283 0366 expires oh four twenty six and the code is one two three"
        assert kinds(said) == ["card", "expiry", "cvv"]
        assert redacted_text(said) == "it's [CARD] expires [EXPIRY] and the code is [CVV]"

    def test_card_expiry_and_code_in_one_breath(self) -> None:
        assert kinds(f"{SPOKEN_CARD} oh four two six one two three") == ["card", "expiry", "cvv"]

    def test_month_name_expiry(self) -> None:
        assert kinds(f"{CARD} and it expires april twenty six") == ["card", "expiry"]

    @pytest.mark.parametrize(
        "said",
        [
            "the security code is four five six",
            "the three digits on the back are four five six",
            "cvv seven eight nine",
            "and the c v v is one two three four",
        ],
    )
    def test_code_after_cue(self, said: str) -> None:
        assert kinds(said) == ["cvv"]

    def test_expiry_after_cue(self) -> None:
        assert kinds("the expiration date is 04/27") == ["expiry"]


class TestOtherPersonalData:
    """SSNs, e-mail addresses, phone numbers and dates of birth."""

    @pytest.mark.parametrize(
        ("said", "kind"),
        [
            ("my social is one two three four five six seven eight nine", "ssn"),
            ("it's 123-45-6789", "ssn"),
            ("last four of my social are six seven eight nine", "ssn"),
            ("my email is john dot smith at gmail dot com thanks", "email"),
            ("send it to j.smith85@example.org please", "email"),
            ("it's j o h n at yahoo dot co dot uk", "email"),
            ("call me at five five five two one two three four five six", "phone"),
            ("my number is (555) 212-3456", "phone"),
            ("one eight hundred five five five one two one two", "phone"),
            ("my cell is two one two three four five six", "phone"),
            ("my date of birth is april fourth nineteen eighty five", "dob"),
            ("I was born on the fourth of july nineteen ninety", "dob"),
            ("date of birth oh four twelve eighty five", "dob"),
            ("dob is 04/12/1985", "dob"),
        ],
    )
    def test_found(self, said: str, kind: str) -> None:
        assert kinds(said) == [kind]

    def test_phone_redacted_with_its_brackets(self) -> None:
        assert redacted_text("my number is (555) 212-3456") == "my number is [PHONE]"

    def test_email_redacted_whole(self) -> None:
        said = "email me at john dot smith at gmail dot com"
        assert redacted_text(said) == "email me at [EMAIL]"


class TestFalsePositives:
    """Ordinary numbers in a call stay as they were."""

    @pytest.mark.parametrize(
        "said",
        [
            "your order number is one two three four five six seven eight nine",
            "order number 4532015112",
            "that will be forty nine ninety nine",
            "it's $49.99 a month",
            "that's forty nine dollars and ninety nine cents",
            "I'll call you back at three thirty",
            "see you at 3:30 tomorrow",
            "it was delivered on March fifth twenty twenty four",
            "my zip code is nine oh two one oh",
            "oh okay, one moment",
            "I have two phones and three tablets",
            "we're at the store now",
            "the plan is twenty dollars for five gigabytes",
            "I've been a customer for twelve years",
            "press one for sales",
        ],
    )
    def test_nothing_found(self, said: str) -> None:
        assert kinds(said) == []
        assert redacted_text(said) == said

    def test_phone_extension_is_not_a_card(self) -> None:
        # Read without the word "extension", these 14 digits would pass the Luhn check.
        digits = "21255501230000"
        ext = next(f"{e:04d}" for e in range(10000) if luhn_valid(digits[:10] + f"{e:04d}"))
        spoken = " ".join(digits[:10]) + " extension " + " ".join(ext)
        assert luhn_valid(digits[:10] + ext)
        assert kinds(spoken) == ["phone"]


class TestRedactedTranscript:
    """What is stored: labels in text and words, findings without their clear text."""

    def test_words_become_one_labelled_word(self) -> None:
        result = redact_transcript(
            Transcript((segment(f"card {SPOKEN_CARD} thanks", start=5.0),)), RedactionPolicy()
        )
        words = result.transcript.segments[0].words
        assert [w.text for w in words] == ["card", "[CARD]", "thanks"]
        assert words[1].start == pytest.approx(5.4)
        assert words[1].end == pytest.approx(5.0 + 16 * 0.4 + 0.3)
        assert result.findings[0].start == words[1].start

    def test_finding_record_keeps_no_clear_text(self) -> None:
        result = redact_transcript(Transcript((segment(f"it's {CARD}"),)), RedactionPolicy())
        stored = transcript_to_dict(result.transcript)
        assert stored["redactions"] == [
            {"kind": "card", "segment": 0, "start": 0.4, "end": 0.7, "reliable": True}
        ]
        assert CARD not in repr(stored) and CARD not in repr(result.findings)

    def test_without_word_times_the_finding_is_unreliable(self) -> None:
        transcript = Transcript((segment(f"it's {CARD}", start=2.0, words=False),))
        result = redact_transcript(transcript, RedactionPolicy())
        assert result.findings == (Finding(Kind.CARD, 0, 2.0, 2.8, False),)
        assert not redaction_complete(result.transcript)
        assert "(no word times" in describe(result.findings[0])

    def test_redacting_twice_keeps_the_record(self) -> None:
        once = redact_transcript(Transcript((segment(f"it's {CARD}"),)), RedactionPolicy())
        twice = redact_transcript(once.transcript, RedactionPolicy())
        assert twice.findings == ()
        assert twice.transcript == once.transcript

    def test_policy_limits_kinds(self) -> None:
        policy = RedactionPolicy(kinds=frozenset({Kind.CARD}))
        result = redact_transcript(Transcript((segment(f"{CARD} or 555-212-3456"),)), policy)
        assert result.transcript.segments[0].text == "[CARD] or 555-212-3456"

    def test_describe_says_when(self) -> None:
        assert (
            describe(Finding(Kind.CARD, 3, 134.2, 140.0, True)) == "card number redacted at 02:14"
        )


class TestPolicySettings:
    """The [redaction] table of qa.toml."""

    def test_defaults(self) -> None:
        assert policy_from_settings({}) == RedactionPolicy()

    def test_values(self) -> None:
        policy = policy_from_settings(
            {"kinds": ["card", "cvv"], "pad_ms": 100, "keep_original_for_admins": True}
        )
        assert policy == RedactionPolicy(frozenset({Kind.CARD, Kind.CVV}), 100, True)

    @pytest.mark.parametrize("section", [{"kinds": ["credit"]}, {"pad": 3}, {"pad_ms": -1}])
    def test_bad_values(self, section: dict[str, object]) -> None:
        with pytest.raises(ValueError):
            policy_from_settings(section)


class TestDigitHomophones:
    """A recogniser writes the caller's first "four" as "for" (pocketsphinx on C-1011)."""

    def test_the_homophone_before_a_card_is_redacted_with_it(self) -> None:
        said = "yes it is for one one one one one one one one one one one one one one one"
        assert redacted_text(said) == "yes it is [CARD]"
        found = detect(Transcript((segment(said),)))
        assert found[0].start == pytest.approx(3 * 0.4)  # the audio span starts at "for"

    @pytest.mark.parametrize(
        "said",
        [
            "i went to the shop",  # no card after it
            f"i paid for that. {CARD}",  # a new segment of thought is not the same breath
        ],
    )
    def test_other_uses_of_the_word_stay(self, said: str) -> None:
        assert redacted_text(said).split()[:3] == said.split()[:3]

    def test_a_pause_before_the_card_keeps_the_word(self) -> None:
        words = (Word(0.0, 0.3, "for"), *(Word(2.0 + i * 0.4, 2.3 + i * 0.4, "one")
                                         for i in range(15)))  # fmt: skip
        text = " ".join(w.text for w in words)
        segments = (Segment(0.0, 9.0, "customer", text, words=words),)
        result = redact_transcript(Transcript(segments), RedactionPolicy())
        assert result.findings == ()  # fifteen ones alone are no card number
