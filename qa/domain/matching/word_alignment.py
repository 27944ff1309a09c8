"""A phrase laid word by word over what was heard: each phrase word heard, misheard in its
place, lost, or replaced by another word.

Character similarity cannot tell "this call may not be recorded" (93 % like the disclosure)
from the disclosure, nor "limited data" (92 %) from "unlimited data"; and it marks down
"my is Daniel" (a word lost) as much as "my name is Dennis". Laid word by word, the first
has a negation inside it, the second a word with a prefix more ("un"), the third every word
but one heard in its place.
"""

from __future__ import annotations

from typing import NamedTuple

from qa.domain.matching.negation import NEGATORS, holds_negation
from qa.domain.matching.word_support import in_order_pairs, look_alike, prefixed

# Words that carry the grammar, not the message: one of them lost costs half a word ("anything
# else i help you with" still offers help; "this call may for" has lost the word "recorded").
FUNCTION_WORDS = frozenset("""
a an the this that these those there here it its i me my we us our you your he him his she her
they them their is am are was were be been being do does did have has had will would shall
should can could may might must to of for in on at by with from as and or but so if then than
""".split())  # fmt: skip


class Heard(NamedTuple):
    """One heard word and whether a clause ends after it."""

    word: str
    ends_clause: bool


class Alignment(NamedTuple):
    """How a phrase's words were heard, counted word by word."""

    close: int  # heard as themselves, or spelled close to it (calm, clam)
    garbled: int  # a look-alike heard in their place (fam for family)
    lost: float  # nothing heard in their place (a function word counts half)
    replaced: int  # another word heard in their place
    prefixed: bool  # a word heard as another with a prefix more or less (limited, unlimited)
    negation: bool  # a negation heard inside the phrase that the phrase does not have

    def mostly_in_place(self, words: int) -> bool:
        """No word replaced or heard with a prefix, at most a quarter of them (one at least) lost,
        and more than two heard."""
        clean = not (self.replaced or self.prefixed or self.negation)
        heard = self.close + self.garbled
        return clean and self.lost <= max(1, words // 4) and heard > 2


class _Tally:
    """Counts kept while the gaps between aligned words are read."""

    def __init__(self, states_negation: bool) -> None:
        self.garbled = self.replaced = 0
        self.lost = 0.0
        self.prefixed = self.negation = False
        self.states_negation = states_negation  # "not my problem" has its own "not"

    def gap(
        self, wanted: list[str], heard: list[str], inside: bool, after: list[str] | None = None
    ) -> None:
        """Phrase words `wanted` with words `heard` in their place (nearest first at an edge);
        `after`: the words heard next, which tell an answer ("no, this is") from a negation."""
        unused = list(heard)
        for word in wanted:
            split = _split(word, unused)
            if split is not None:  # "any thing" for "anything"
                self.garbled += 1
                del unused[split : split + 2]
                continue
            alike = next((h for h in unused if look_alike(word, h)), None)
            if alike is not None:
                self.garbled += 1
                unused.remove(alike)
            elif any(prefixed(word, h) for h in unused):
                self.prefixed = True
            elif unused:
                self.replaced += 1
                unused.pop(0)
            else:
                self.lost += 0.5 if word in FUNCTION_WORDS else 1.0
        if inside and not self.states_negation:
            self.negation = self.negation or holds_negation(heard, after)


def _split(expected: str, heard: list[str]) -> int | None:
    """Where two neighbouring heard words are the expected word split in two, if they are
    (`heard` in either order: nearest first at the start of a phrase)."""
    for n in range(len(heard) - 1):
        a, b = heard[n], heard[n + 1]
        if expected in (a + b, b + a):
            return n
    return None


def _clause_tail(heard: list[Heard], stop: int) -> list[str]:
    """Words before index `stop`, back to the last clause end: nearest first."""
    words: list[str] = []
    for n in range(stop - 1, -1, -1):
        if heard[n].ends_clause:
            break
        words.append(heard[n].word)
    return words


def _clause_head(heard: list[Heard], start: int) -> list[str]:
    """Words from index `start` up to the clause end after `start - 1` (nearest first)."""
    if start > 0 and heard[start - 1].ends_clause:
        return []
    words: list[str] = []
    for item in heard[start:]:
        words.append(item.word)
        if item.ends_clause:
            break
    return words


def align(phrase: list[str], heard: list[Heard]) -> Alignment:
    """The phrase's words laid over heard words (a match and a word or two around it).

    Words before the first and after the last aligned word count only within their clause:
    "thank you." then "for calling" has nothing in the place of a lost "calling" after "for".
    A negation counts inside the phrase and in its clause just before the first aligned word.
    """
    words = [h.word for h in heard]
    pairs = in_order_pairs(phrase, words)
    tally = _Tally(states_negation=not NEGATORS.isdisjoint(phrase))
    if not pairs:
        tally.gap(phrase, [], inside=False)
        return Alignment(0, 0, tally.lost, 0, False, False)
    first_p, first_h = pairs[0]
    lead = _clause_tail(heard, first_h)
    tally.gap(phrase[:first_p][::-1], lead, inside=False)
    if not tally.states_negation:  # "may not be recorded" matched from its "not"
        tally.negation = holds_negation(lead[::-1], words[first_h : first_h + 2])
    for (p, h), (next_p, next_h) in zip(pairs, pairs[1:], strict=False):
        tally.gap(phrase[p + 1 : next_p], words[h + 1 : next_h], True, words[next_h : next_h + 2])
    last_p, last_h = pairs[-1]
    tally.gap(phrase[last_p + 1 :], _clause_head(heard, last_h + 1), inside=False)
    return Alignment(
        len(pairs), tally.garbled, tally.lost, tally.replaced, tally.prefixed, tally.negation
    )
