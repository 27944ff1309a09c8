"""A multi-word name heard only in part: the words of "Harper Valley National Bank" as a
recogniser garbles them ("her profile international bank", "regarding national bank").

Such a greeting is neither a pass nor a fail: the name may have been said and misheard, so a
person decides. Metaphone keys of the run-together words compare how they sound ("her profile"
HRPRFL, "harper valley" HRPRFL), so a sound-alike scores higher than another business that
shares a word ("first national bank", "wells fargo bank").
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import jellyfish
from rapidfuzz import fuzz

from qa.domain.matching.normalize import normalize_text, without_accents
from qa.domain.matching.word_support import word_close

SOUNDS_PARTLY = 62.0  # metaphone similarity from which a run of words may be the name misheard
MIN_NAME_WORDS = 2  # a one-word name is heard or not: nothing to be heard in part
SLACK = 2  # words more or fewer than the name that a garbled run may have
# The run must sound as long as most of the name: "national bank" alone is half of "Harper
# Valley National Bank" and as much the half of "First National Bank".
MIN_KEY_SHARE = 0.75
# Words of a greeting's frame ("welcome to", "this is", "calling"): a run that starts or ends with
# one is the frame's words and the name's, and quotes worse than the name's alone.
FRAME_EDGES = frozenset(
    "a an the to of for at is this that with from and my calling reached welcome".split()
)


class PartHeard(NamedTuple):
    """Where a name was perhaps heard: words [first, last) of the stream, and how alike."""

    value: str  # the expected name, as the rubric writes it
    first: int
    last: int
    score: float


@lru_cache(maxsize=65536)
def sound_key(words: str) -> str:
    """The metaphone key of words run together (a recogniser splits and merges words)."""
    return jellyfish.metaphone(without_accents(words).replace(" ", ""))


@lru_cache(maxsize=65536)
def sounds_partly(expected: str, heard: str) -> float:
    """How alike two runs of normalised words sound, 0-100 (metaphone keys compared)."""
    return fuzz.ratio(sound_key(expected), sound_key(heard), processor=None)


def part_heard(words: list[str], values: tuple[str, ...]) -> PartHeard | None:
    """The run of `words` (normalised) that best sounds like one of the multi-word `values`,
    sharing at least one of its words, when it sounds alike enough."""
    return _part_heard(tuple(words), values)


@lru_cache(maxsize=1024)  # the alternatives of a phrase group search the same window
def _part_heard(words: tuple[str, ...], values: tuple[str, ...]) -> PartHeard | None:
    best: PartHeard | None = None
    for value in values:
        expected = normalize_text(value).split()
        if len(expected) < MIN_NAME_WORDS:
            continue
        shared = _sharing(expected, words)
        if not shared:
            continue  # the usual case: not one of the name's words was heard
        text = " ".join(expected)
        sizes = range(max(2, len(expected) - SLACK), len(expected) + SLACK + 1)
        for first in range(len(words)):
            for size in sizes:
                heard = words[first : first + size]
                if len(heard) < size or shared.isdisjoint(heard):
                    continue
                edges = {heard[0], heard[-1]} - set(expected)
                if not FRAME_EDGES.isdisjoint(edges):
                    continue  # "to harper": the frame's word and the name's
                said = " ".join(heard)
                if len(sound_key(said)) < MIN_KEY_SHARE * len(sound_key(text)):
                    continue
                score = sounds_partly(text, said)
                if score >= SOUNDS_PARTLY and (best is None or score > best.score):
                    best = PartHeard(value, first, first + size, score)
    return best


def _sharing(expected: list[str], words: tuple[str, ...]) -> set[str]:
    """The heard words that are one of the name's longer words (or spelled close to it)."""
    longer = [w for w in expected if len(w) > 3]
    return {h for h in set(words) if any(word_close(w, h) for w in longer)}
