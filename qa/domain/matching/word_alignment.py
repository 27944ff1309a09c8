"""A phrase laid word by word over what was heard: each phrase word heard, misheard in its
place, lost, or replaced by another word.

Character similarity cannot tell "this call may not be recorded" (93 % like the disclosure)
from the disclosure, nor "limited data" (92 %) from "unlimited data"; and it marks down
"my is Daniel" (a word lost) as much as "my name is Dennis". Laid word by word, the first
has a negation inside it, the second a word with a prefix more ("un"), the third every word
but one heard in its place. "this fall may be rewarded" (88 %) has its message words heard as
other words that look like them but sound otherwise.
"""

from __future__ import annotations

from typing import NamedTuple

from qa.domain.matching.negation import NEGATORS, holds_negation
from qa.domain.matching.word_support import in_order_pairs, look_alike, prefixed, sounds_same

# Words that carry the grammar, not the message: one of them lost costs half a word ("anything
# else i help you with" still offers help; "this call may for" has lost the word "recorded").
FUNCTION_WORDS = frozenset("""
a an the this that these those there here it its i me my we us our you your he him his she her
they them their is am are was were be been being do does did have has had will would shall
should can could may might must to of for in on at by with from as and or but so if then than
""".split())  # fmt: skip


class Heard(NamedTuple):
    """One heard word, whether a clause ends after it, and whether it is inside the match
    (not a neighbour read for context)."""

    word: str
    ends_clause: bool
    matched: bool = True


class Alignment(NamedTuple):
    """How a phrase's words were heard, counted word by word."""

    close: int  # heard as themselves, or spelled close to it (calm, clam)
    garbled: int  # a look-alike heard in their place (fam for family)
    lost: float  # nothing heard in their place (a function word counts half)
    replaced: int  # another word heard in their place
    prefixed: bool  # a word heard as another with a prefix more or less (limited, unlimited)
    negation: bool  # a negation heard inside the phrase that the phrase does not have
    other_word: bool  # a message word heard as another word that looks like it (fall for call)

    def mostly_in_place(self, words: int) -> bool:
        """No word replaced or heard with a prefix, at most a quarter of them (one at least) lost,
        and more than two heard."""
        clean = not (self.replaced or self.prefixed or self.negation)
        heard = self.close + self.garbled
        return clean and self.lost <= max(1, words // 4) and heard > 2


class _Tally:
    """Counts kept while the gaps between aligned words are read."""

    def __init__(self, states_negation: bool, exempt: frozenset[str]) -> None:
        self.garbled = self.replaced = 0
        self.lost = 0.0
        self.prefixed = self.negation = self.other_word = False
        self.states_negation = states_negation  # "not my problem" has its own "not"
        self.exempt = exempt  # words checked elsewhere (a name in a slot)
        self.following: dict[str, str] = {}

    def heard_as(self, word: str, heard: str, following: str = "") -> None:
        """Note whether message word `word`, heard as `heard` (then `following`), may be it
        misheard."""
        if word not in FUNCTION_WORDS and word not in self.exempt:
            self.other_word = self.other_word or not sounds_same(word, heard, following)

    def gap(
        self,
        wanted: list[str],
        heard: list[str],
        inside: bool,
        after: list[str] | None = None,
        placed: frozenset[str] = frozenset(),
    ) -> None:
        """Phrase words `wanted` with words `heard` in their place (nearest first at an edge);
        `after`: the words heard next, which tell an answer ("no, this is") from a negation;
        `placed`: at an edge, the heard words inside the match, said in the phrase's place."""
        unused = list(heard)
        # the word heard after each: only inside the phrase are the heard words in order
        self.following = (
            dict(zip(heard, heard[1:] + (after or [])[:1], strict=False)) if inside else {}
        )
        for word in self._garbles(wanted, unused):  # look-alikes first: "ma" is "may", not "call"
            if any(prefixed(word, h) for h in unused):
                self.prefixed = True
            elif unused:
                self.replaced += 1
                other = unused.pop(0)
                if inside or other in placed:  # not a neighbour's word outside the match
                    self.heard_as(word, other, self.following.get(other, ""))
            else:
                self.lost += 0.5 if word in FUNCTION_WORDS else 1.0
        if inside and not self.states_negation:
            self.negation = self.negation or holds_negation(heard, after)

    def _garbles(self, wanted: list[str], unused: list[str]) -> list[str]:
        """Count the phrase words heard split ("any thing") or as a look-alike, taking those
        heard words out of `unused`; the words left, in order."""
        left = []
        for word in wanted:
            split = _split(word, unused)
            if split is not None:
                del unused[split : split + 2]
                self.garbled += 1
                continue
            alike = next((h for h in unused if look_alike(word, h)), None)
            if alike is None:
                left.append(word)
                continue
            self.heard_as(word, alike, self.following.get(alike, ""))
            unused.remove(alike)
            self.garbled += 1
        return left


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


def _matched(heard: list[Heard]) -> frozenset[str]:
    return frozenset(h.word for h in heard if h.matched)


def align(phrase: list[str], heard: list[Heard], exempt: frozenset[str] = frozenset()) -> Alignment:
    """The phrase's words laid over heard words (a match and a word or two around it).

    Words before the first and after the last aligned word count only within their clause:
    "thank you." then "for calling" has nothing in the place of a lost "calling" after "for".
    A negation counts inside the phrase and in its clause just before the first aligned word.
    Words in `exempt` (a name in a slot) are not checked for sounding like the phrase's word.
    """
    words = [h.word for h in heard]
    pairs = in_order_pairs(phrase, words)
    tally = _Tally(not NEGATORS.isdisjoint(phrase), exempt)
    if not pairs:
        tally.gap(phrase, [], inside=False)
        return Alignment(0, 0, tally.lost, 0, False, False, False)
    for p, h in pairs:
        tally.heard_as(phrase[p], words[h], words[h + 1] if h + 1 < len(words) else "")
    first_p, first_h = pairs[0]
    lead = _clause_tail(heard, first_h)
    placed = _matched(heard[first_h - len(lead) : first_h])
    tally.gap(phrase[:first_p][::-1], lead, False, None, placed)
    if not tally.states_negation:  # "may not be recorded" matched from its "not"
        tally.negation = holds_negation(lead[::-1], words[first_h : first_h + 2])
    for (p, h), (next_p, next_h) in zip(pairs, pairs[1:], strict=False):
        tally.gap(phrase[p + 1 : next_p], words[h + 1 : next_h], True, words[next_h : next_h + 2])
    last_p, last_h = pairs[-1]
    tail = _clause_head(heard, last_h + 1)
    placed = _matched(heard[last_h + 1 : last_h + 1 + len(tail)])
    tally.gap(phrase[last_p + 1 :], tail, False, None, placed)
    return Alignment(
        len(pairs), tally.garbled, tally.lost, tally.replaced, tally.prefixed, tally.negation,
        tally.other_word,
    )  # fmt: skip
