"""Negation that knows where a clause ends: an answer ("oh no", "no problem", "not at all")
before a new clause does not negate it; a negated verb of the phrase's own clause does.

Written before the change (issue 19, first committed with today's misses marked xfail).
"""

from __future__ import annotations

import pytest

from qa.domain.matching.placeholders import compile_phrase, search_phrase
from qa.domain.matching.spoken_text import SpokenCall
from qa.domain.transcript import Segment, Transcript

NAMES = {
    "agent": ("Jennifer Lee", "Jennifer"),
    "business": ("Harper Valley National Bank", "Harper Valley"),
}

# (what the agent said, the rubric phrase): the phrase is said, not negated
ANSWERS = [
    pytest.param("oh no this is harper valley national bank my name is jennifer",
                 "this is {business}"),
    pytest.param("oh no, this is harper valley national bank", "this is {business}"),
    pytest.param("oh no this call may be recorded for quality", "this call may be recorded"),
    pytest.param("no, this call may be recorded", "this call may be recorded"),
    pytest.param("no this call may be recorded", "this call may be recorded"),
    pytest.param("no problem this call may be recorded", "this call may be recorded"),
    pytest.param("no worries this call may be recorded", "this call may be recorded"),
    pytest.param("no worries, my name is jennifer", "my name is {agent}"),
    pytest.param("not at all is there anything else i can help you with",
                 "is there anything else i can help you with"),
    pytest.param("no that's fine thank you for calling harper valley national bank",
                 "thank you for calling {business}"),
    pytest.param("no i can offer you device protection today", "device protection"),
    pytest.param("no we do offer a protection plan", "protection plan"),
    pytest.param("oh no no my name is jennifer", "my name is {agent}"),
    pytest.param("nope you have reached harper valley national bank",
                 "you've reached {business}"),
    pytest.param("not a problem this call is recorded for quality",
                 "this call is recorded for quality"),
    pytest.param("no thank you for calling harper valley national bank",
                 "thank you for calling {business}"),
    pytest.param("don't worry, I'll put you on hold", "put you on hold"),
]  # fmt: skip

# the phrase's own verb (or noun) negated: negated, with or without punctuation
NEGATIONS = [
    ("this call is not being recorded", "this call is being recorded"),
    ("this call is not, being recorded", "this call is being recorded"),
    ("I can't offer device protection", "device protection"),
    ("I cant offer device protection on this phone", "device protection"),
    ("I can not offer you device protection", "device protection"),
    ("I won't tell you to calm down", "calm down"),
    ("I will not tell you to calm down", "calm down"),
    pytest.param("I'm not going to tell you to calm down", "calm down"),
    ("this call may not be recorded", "this call may be recorded"),
    ("this call won't be recorded for quality", "this call will be recorded for quality"),
    ("we don't have a family plan", "family plan"),
    ("you have no device protection on this line", "device protection"),
    ("there is no protection plan for that model", "protection plan"),
    ("no this call is not recorded for quality", "this call is recorded for quality"),
    ("oh no, I never offer device protection", "device protection"),
    ("We do not offer device protection.", "device protection"),
]


def _status(text: str, phrase: str) -> str:
    seconds = 0.35 * len(text.split())  # an ordinary pace: no pause splits the clause
    call = SpokenCall(Transcript((Segment(0.0, seconds, "agent", text),)))
    stream = call.stream("agent")
    return search_phrase(stream, compile_phrase(phrase), NAMES, (0, len(stream)), 85.0).status


@pytest.mark.parametrize(("text", "phrase"), ANSWERS)
def test_an_answer_before_a_new_clause_does_not_negate_it(text: str, phrase: str) -> None:
    assert _status(text, phrase) == "said"


@pytest.mark.parametrize(("text", "phrase"), NEGATIONS)
def test_a_negated_verb_of_the_phrase_still_negates(text: str, phrase: str) -> None:
    assert _status(text, phrase) == "negated"


def test_the_table_holds_both_kinds_in_about_equal_numbers() -> None:
    assert len(ANSWERS) + len(NEGATIONS) >= 30
    assert abs(len(ANSWERS) - len(NEGATIONS)) <= 2
