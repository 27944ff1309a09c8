"""A recording disclosure whose message words were heard as other words must not pass, while
the same disclosure garbled by the recogniser still passes or goes to a person (issue #19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.agents import Agent
from qa.domain.matching.word_support import sounds_same
from qa.domain.rubric.parse import load_rubric
from qa.domain.rubric.rubric import Rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript

REPO = Path(__file__).resolve().parents[3]
SARAH = Agent("sarah.k", "Sarah Kim", ("Sara",))
ACME = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
COLLECTIONS = load_rubric(REPO / "rubrics" / "collections.toml")
RUBRICS = pytest.mark.parametrize(
    ("rubric", "item"), [(ACME, "disclosure"), (COLLECTIONS, "recording")], ids=["acme", "coll"]
)

# Sentences that look like a disclosure letter by letter (86-96 % like one) but whose message
# words are other words: nobody was told the call is recorded.
LOOK_ALIKES = [
    "this fall may be rewarded",
    "this call may be reported",
    "this hall may be rewarded",
    "this car may be recovered",
    "this call may be recovered",
    "this call may be rewarded",
    "this call may be regarded",
    "this call may be refunded",
    "this call may be returned",
    "this call may be reordered",
    "this call may be corrected",
    "this ball may be recorded",
    "this wall may be recorded",
    "this cell may be recorded",
    "this card may be recorded",
    "this mall may be recorded",
    "this call is reported for quality",
    "walls are recorded for quality",
]

# The disclosure as a recogniser writes it: misspelt, split, merged, an ending or a letter
# off, a small word changed or lost. The words were said: never a fail.
GARBLED = [
    "this call may be recordid",
    "this cal may be recorded",
    "this call maybe recorded",
    "this call may be recorder",
    "this col may be recorded",
    "this coll may be recorded",
    "this call may be record",
    "this call may be recordet",
    "this call may be reccorded",
    "this call may be rekorded",
    "this call may be ricorded",
    "this call may be recoded",
    "this call may be re corded",
    "this call may b recorded",
    "this call may recorded",
    "the call may be recorded",
    "this call might be recorded",
    "this call is recordid for quality",
]


def _verdict(rubric: Rubric, item: str, sentence: str) -> Verdict:
    said = f"Thank you for calling, my name is Sarah. Please note {sentence}. How can I help?"
    transcript = Transcript((Segment(1.0, 9.0, "agent", said),))
    card = score_call(transcript, rubric, SARAH, {"call_id": "C-1"})
    return next(i.verdict for i in card.items if i.item_id == item)


@RUBRICS
@pytest.mark.parametrize("sentence", LOOK_ALIKES)
def test_a_look_alike_of_the_disclosure_never_passes(
    rubric: Rubric, item: str, sentence: str
) -> None:
    assert _verdict(rubric, item, sentence) in (Verdict.UNCERTAIN, Verdict.FAIL)


@RUBRICS
@pytest.mark.parametrize("sentence", GARBLED)
def test_a_garbled_disclosure_passes_or_goes_to_a_person(
    rubric: Rubric, item: str, sentence: str
) -> None:
    assert _verdict(rubric, item, sentence) in (Verdict.PASS, Verdict.UNCERTAIN)


@pytest.mark.parametrize(
    "sentence",
    ["this call may be recordid", "this cal may be recorded", "this call maybe recorded",
     "this call may be rekorded", "the call may be recorded", "this call may be re corded"],
)  # fmt: skip
def test_a_disclosure_misspelt_as_it_sounds_still_passes(sentence: str) -> None:
    assert _verdict(ACME, "disclosure", sentence) == Verdict.PASS


@pytest.mark.parametrize(
    ("expected", "heard", "following", "same"),
    [
        ("recorded", "recordid", "", True),  # a vowel off
        ("recorded", "reccorded", "", True),  # a letter doubled
        ("recorded", "rcoded", "", True),  # letters lost
        ("recorded", "records", "", True),  # another ending
        ("calm", "clam", "", True),  # two letters swapped
        ("call", "coll", "", True),
        ("call", "com", "may", True),  # "call may" said together
        ("plan", "plant", "", True),  # a sound more at the end
        ("call", "com", "", False),
        ("call", "car", "may", False),
        ("recorded", "reported", "", False),  # sounds otherwise: another word
        ("recorded", "regarded", "", False),  # the same consonants, two letters apart
        ("call", "fall", "", False),
        ("call", "cell", "", False),
        ("protection", "projection", "", False),
    ],
)
def test_a_word_counts_as_heard_only_when_it_sounds_the_same(
    expected: str, heard: str, following: str, same: bool
) -> None:
    assert sounds_same(expected, heard, following) is same
