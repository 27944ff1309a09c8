"""Phrases laid word by word over what was heard: in place, misheard, lost, replaced."""

from __future__ import annotations

import pytest

from qa.domain.matching.word_alignment import Alignment, Heard, align
from qa.domain.matching.word_support import prefixed, word_close
from tests.domain.matching.test_matching import NAMES, _said


def _heard(text: str) -> list[Heard]:
    """Words as heard; a comma or full stop ends a clause."""
    words = text.split()
    return [Heard(w.rstrip(".,"), w.endswith((".", ","))) for w in words]


def _align(phrase: str, heard: str) -> Alignment:
    return align(phrase.split(), _heard(heard))


def test_every_word_heard_exactly() -> None:
    seen = _align("device protection", "add device protection to that")
    assert (seen.close, seen.garbled, seen.lost, seen.replaced) == (2, 0, 0, 0)
    assert seen.mostly_in_place(2) is False  # two words: nothing to spare


def test_a_look_alike_in_place_is_a_garble_and_another_word_a_replacement() -> None:
    assert _align("family plan", "a fam plan that").garbled == 1
    assert _align("new phone", "hi my phone").replaced == 1


def test_a_word_split_in_two_is_heard() -> None:
    seen = _align("is there anything else i can help you with", "any thing else i can help you")
    assert (seen.garbled, seen.replaced, seen.prefixed) == (1, 0, False)


def test_a_word_lost_at_a_clause_end_is_lost_not_replaced() -> None:
    seen = _align("thank you for calling acme", "hello, you for calling acme")
    assert (seen.lost, seen.replaced) == (1, 0) and seen.mostly_in_place(5)
    seen = _align("this call may be recorded", "this call may be transferred today")
    assert seen.replaced == 1 and not seen.mostly_in_place(5)


def test_a_negation_inside_or_just_before_the_phrase_is_seen() -> None:
    assert _align("this call may be recorded", "this call may not be recorded").negation
    assert _align("this call is recorded", "this call is not recorded").negation
    assert _align("be recorded", "may not be recorded").negation
    assert not _align("put you on hold", "do not worry, i will put you on hold").negation
    assert not _align("not my problem", "that is not my problem").negation


def test_a_word_with_a_prefix_more_is_another_word() -> None:
    assert _align("unlimited data", "a limited data plan").prefixed
    assert prefixed("limited", "unlimited") and prefixed("national", "international")
    assert not prefixed("plan", "plans") and not prefixed("recorded", "record")
    assert not word_close("unlimited", "limited") and not word_close("international", "national")
    assert word_close("calm", "clam")


def test_more_than_a_quarter_lost_is_not_mostly_in_place() -> None:
    phrase = "is there anything else i can help you with"
    assert _align(phrase, "days. anything else i can help you and with").mostly_in_place(9)
    assert not _align(phrase, "days. anything else i you with").mostly_in_place(9)


@pytest.mark.parametrize(
    ("text", "phrase", "status"),
    [
        ("okay, this call may not be recorded today", "this call may be recorded", "negated"),
        ("we have a limited data plan", "unlimited data", "near"),
        ("thank you for acme wireless", "thank you for calling {business}", "said"),
        (
            "i you. anything else i can help you and with?",
            "is there anything else i can help you with",
            "said",
        ),
        ("this call may be transferred to billing", "this call may be recorded", "near"),
    ],
)
def test_scoring_reads_matches_word_by_word(text: str, phrase: str, status: str) -> None:
    assert _said(text, phrase, NAMES)[0].status == status


@pytest.mark.parametrize("text", ["hi, my is jessica", "my is sam", "these is sam", "i sam"])
def test_a_frame_word_lost_never_passes_another_name(text: str) -> None:
    assert _said(text, "my name is {agent}", NAMES)[0].status in ("absent", "other_name")
    assert _said(text, "this is {agent}", NAMES)[0].status in ("absent", "other_name")
    assert _said(text, "i'm {agent}", NAMES)[0].status in ("absent", "other_name")
