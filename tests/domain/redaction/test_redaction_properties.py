"""Property tests: card numbers read out in many spoken and written forms are always redacted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.matching.spoken_numbers import luhn_valid, read_numbers
from qa.domain.redaction.redaction import Kind, RedactionPolicy, detect, redact_transcript
from qa.domain.redaction.tokens import split_tokens
from qa.domain.transcript import Segment, Transcript, Word

UNIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEEN_WORDS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
              "seventeen", "eighteen", "nineteen"]  # fmt: skip
TENS_WORDS = {"2": "twenty", "3": "thirty", "4": "forty", "5": "fifty", "6": "sixty",
              "7": "seventy", "8": "eighty", "9": "ninety"}  # fmt: skip
PREFIXES = {"4": (13, 16, 19), "51": (16,), "55": (16,), "34": (15,), "37": (15,), "6011": (16,)}


def _check_digit(body: str) -> str:
    return next(str(d) for d in range(10) if luhn_valid(body + str(d)))


@st.composite
def card_numbers(draw: st.DrawFn, valid: bool = True, lengths: tuple[int, ...] = ()) -> str:
    prefix = draw(st.sampled_from(sorted(PREFIXES)))
    length = draw(st.sampled_from(lengths or PREFIXES[prefix]))
    body = prefix + "".join(
        draw(
            st.lists(
                st.sampled_from("0123456789"),
                min_size=length - len(prefix) - 1,
                max_size=length - len(prefix) - 1,
            )
        )
    )  # noqa: E501
    check = _check_digit(body)
    if not valid:
        check = draw(st.sampled_from([d for d in "0123456789" if d != check]))
    return body + check


def _digit_word(digit: str, zero: str) -> str:
    return zero if digit == "0" else UNIT_WORDS[int(digit)]


def _pair(pair: str, zero: str) -> str:
    """Two digits the way people read them in pairs: "forty five", "oh five", "twelve"."""
    if pair[0] == "0":
        return f"{zero} {_digit_word(pair[1], zero)}"
    if pair[0] == "1":
        return TEEN_WORDS[int(pair[1])]
    tens = TENS_WORDS[pair[0]]
    return tens if pair[1] == "0" else f"{tens} {UNIT_WORDS[int(pair[1])]}"


def _repeats(group: str, zero: str) -> str:
    """Runs of a digit said as "double five", "triple one"."""
    words, i = [], 0
    while i < len(group):
        same = len(group[i:]) - len(group[i:].lstrip(group[i]))
        take = min(same, 3)
        word = _digit_word(group[i], zero)
        words.append({1: word, 2: f"double {word}", 3: f"triple {word}"}[take])
        i += take
    return " ".join(words)


def _say(group: str, style: str, zero: str) -> str:
    if style == "written":
        return group
    if style == "pairs" and len(group) % 2 == 0:
        return " ".join(_pair(group[i : i + 2], zero) for i in range(0, len(group), 2))
    if style == "repeats":
        return _repeats(group, zero)
    return " ".join(_digit_word(d, zero) for d in group)


@st.composite
def spoken_groups(draw: st.DrawFn, number: str) -> list[str]:
    """The number cut into groups (as people pause), each said in a drawn style."""
    cuts = sorted(draw(st.sets(st.integers(1, len(number) - 1), max_size=5)))
    bounds = [0, *cuts, len(number)]
    groups = [number[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    said = []
    for group in groups:
        style = draw(st.sampled_from(["singles", "pairs", "repeats", "written"]))
        text = _say(group, style, draw(st.sampled_from(["zero", "oh"])))
        filler = draw(st.sampled_from(["", "", "", "um ", "uh "]))
        said.append(filler + text)
    return said


PAUSE = "|"  # marks where the reader pauses between groups


def _segment(text: str, start: float, speaker: str = "customer") -> Segment:
    """A segment with word times: 0.1 s between words, 0.8 s at each pause mark."""
    words, t = [], start
    for chunk in text.split(PAUSE):
        for w in chunk.split():
            words.append(Word(t, t + 0.3, w))
            t += 0.4
        t += 0.8
    clean = " ".join(text.replace(PAUSE, " ").split())
    return Segment(start, t, speaker, clean, words=tuple(words))  # type: ignore[arg-type]


@st.composite
def card_calls(draw: st.DrawFn, number: str) -> Transcript:
    """A customer reads the number, in 1-3 segments, the agent saying "okay" between them."""
    groups = draw(spoken_groups(number))
    parts = draw(st.integers(1, min(3, len(groups))))
    cuts = (
        sorted(
            draw(st.sets(st.integers(1, len(groups) - 1), min_size=parts - 1, max_size=parts - 1))
        )
        if parts > 1
        else []
    )  # noqa: E501
    bounds = [0, *cuts, len(groups)]
    segments, t = [_segment("my card number is", 0.0)], 2.0
    for a, b in zip(bounds, bounds[1:], strict=False):
        segments.append(_segment(f" {PAUSE} ".join(groups[a:b]), t))
        t = segments[-1].end + 0.5
        segments.append(_segment("okay", t, "agent"))
        t += 1.0
    return Transcript(tuple(segments))


def _numbers_left(transcript: Transcript) -> list[str]:
    left = []
    for seg in transcript.segments:
        for text in (seg.text, " ".join(w.text for w in seg.words)):
            left += [p.digits for p in read_numbers([t for _, _, t, _ in split_tokens(text)])]
    return left


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_valid_cards_are_redacted_in_every_form(data: st.DataObject) -> None:
    number = data.draw(card_numbers())
    call = data.draw(card_calls(number))
    result = redact_transcript(call, RedactionPolicy())
    assert result.findings and {f.kind for f in result.findings} == {Kind.CARD}
    assert all(f.reliable for f in result.findings)
    assert _numbers_left(result.transcript) == []


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_invalid_numbers_read_in_one_go_are_not_cards(data: st.DataObject) -> None:
    number = data.draw(card_numbers(valid=False, lengths=(13, 14, 15, 16)))
    style = data.draw(st.sampled_from(["singles", "pairs", "repeats"]))
    text = _say(number, style, data.draw(st.sampled_from(["zero", "oh"])))
    assert detect(Transcript((_segment(text, 0.0),))) == ()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_written_groups_of_invalid_numbers_are_not_cards(data: st.DataObject) -> None:
    number = data.draw(card_numbers(valid=False, lengths=(13, 14, 15, 16)))
    sep = data.draw(st.sampled_from([" ", "-"]))
    text = sep.join(number[i : i + 4] for i in range(0, len(number), 4))
    assert Kind.CARD not in {f.kind for f in detect(Transcript((_segment(text, 0.0),)))}
