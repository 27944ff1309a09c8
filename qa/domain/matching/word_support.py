"""Word-level checks of short phrases, where character similarity alone misleads.

In a two- or three-word phrase one shared word carries most of the characters: "my phone" is
82 % like "new phone" and "no problem" 83 % like "not my problem", yet neither is that phrase,
while "calm you down" (a word inserted) is 82 % like "calm down" and is it. So short phrases
are also aligned word by word: which of the phrase's words were heard, in order.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from qa.domain.matching.normalize import without_accents

SHORT_PHRASE = 3  # phrases of up to this many words get the word-level checks
WORD_CLOSE = 75.0  # spelling similarity at which a heard word is the phrase's word (calm/clam)
SHORT_WORD = 3  # words this short must be heard exactly: no/not, my/me, new/knew differ in meaning
GARBLE_FLOOR = 60.0  # a substituted word this similar is a garble (fam/family), not another word
PREFIX = 2  # letters in front of a word that make it another word (un+limited, inter+national)


def word_close(expected: str, heard: str) -> bool:
    """True when `heard` is the phrase's word `expected` as a speech engine may write it."""
    if expected == heard:
        return True
    if min(len(expected), len(heard)) <= SHORT_WORD:
        if expected.isascii() and heard.isascii():
            return False
        return without_accents(expected) == without_accents(heard)  # "är" written "ar"
    return _spelled_alike(expected, heard) and not prefixed(expected, heard)


def prefixed(one: str, other: str) -> bool:
    """True when one word is the other with a prefix in front: "limited" and "unlimited",
    "national" and "international", "paid" and "prepaid" are other offers, not mishearings."""
    short, long = sorted((one, other), key=len)
    return len(short) > SHORT_WORD and len(long) - len(short) >= PREFIX and long.endswith(short)


@lru_cache(maxsize=65536)
def _spelled_alike(expected: str, heard: str) -> bool:
    # remembered: the same few phrase words meet the same common words call after call
    return fuzz.ratio(expected, heard, processor=None) >= WORD_CLOSE


def in_order_pairs(phrase: list[str], heard: list[str]) -> list[tuple[int, int]]:
    """Pairs (phrase index, heard index) of a longest in-order run of close words (a longest
    common subsequence)."""
    close = [[word_close(word, said) for said in heard] for word in phrase]
    rows = [[0] * (len(heard) + 1) for _ in range(len(phrase) + 1)]
    for i in range(len(phrase) - 1, -1, -1):
        for j in range(len(heard) - 1, -1, -1):
            if close[i][j]:
                rows[i][j] = rows[i + 1][j + 1] + 1
            else:
                rows[i][j] = max(rows[i + 1][j], rows[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < len(phrase) and j < len(heard):
        if close[i][j] and rows[i][j] == rows[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def heard_in_order(phrase: list[str], heard: list[str]) -> int:
    """How many of the phrase's words were heard, in order."""
    return len(in_order_pairs(phrase, heard))


def look_alike(expected: str, heard: str) -> bool:
    """True when `heard` may be `expected` misheard (fam, family), not another word."""
    return fuzz.ratio(expected, heard, processor=None) >= GARBLE_FLOOR and not prefixed(
        expected, heard
    )


def garbled(phrase: list[str], heard: list[str]) -> bool:
    """True when the heard words may be the phrase with words lost or misheard: fewer words,
    or each phrase word not heard as such has a look-alike among them.

    "fam plan" is a garbled "family plan"; "my phone" is not a garbled "new phone".
    """
    if len(heard) < len(phrase):
        return True
    missing = [w for w in phrase if not any(word_close(w, h) for h in heard)]
    return all(any(look_alike(w, h) for h in heard) for w in missing)


def is_short(phrase: str) -> bool:
    """True for phrases of two or three words (one word has nothing to align)."""
    return 2 <= phrase.count(" ") + 1 <= SHORT_PHRASE
