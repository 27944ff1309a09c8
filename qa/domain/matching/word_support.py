"""Word-level checks of short phrases, where character similarity alone misleads.

In a two- or three-word phrase one shared word carries most of the characters: "my phone" is
82 % like "new phone" and "no problem" 83 % like "not my problem", yet neither is that phrase,
while "calm you down" (a word inserted) is 82 % like "calm down" and is it. So short phrases
are also aligned word by word: which of the phrase's words were heard, in order.

Spelling alone also cannot tell a misheard word from another word: "recordid" and "reported"
are both 75-90 % like "recorded". A recogniser mishears by sound, so a heard word counts as the
phrase's word only when it sounds the same (issue #19).
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz

from qa.domain.matching.normalize import without_accents

SHORT_PHRASE = 3  # phrases of up to this many words get the word-level checks
WORD_CLOSE = 75.0  # spelling similarity at which a heard word is the phrase's word (calm/clam)
SHORT_WORD = 3  # words this short must be heard exactly: no/not, my/me, new/knew differ in meaning
GARBLE_FLOOR = 60.0  # a substituted word this similar is a garble (fam/family), not another word
PREFIX = 2  # letters in front of a word that make it another word (un+limited, inter+national)
# Endings a recogniser drops or swaps without changing the word heard: "record", "recorder",
# "records" for "recorded". Longest first; the stem left must keep STEM_LETTERS letters.
ENDINGS = ("ing", "ed", "er", "es", "s")
STEM_LETTERS = 3
LETTERS_KEPT = 0.75  # a word heard with a quarter of its letters lost at most is that word
# A word this long with one letter added is still that word: a letter is a seventh of it at
# most. A letter changed is not: "projection" and "protection" are two words.
LONG_WORD = 7
EDGE_KEY = 2  # sounds a key keeps when one more or less at its edge still makes the same word


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


@lru_cache(maxsize=65536)
def sounds_same(expected: str, heard: str, following: str = "") -> bool:
    """True when `heard` (then the word `following`) may be `expected` as an engine wrote it,
    not another word.

    Spelled: another ending ("recorder", "records"), letters lost ("recoded", "cal") or, in a
    long word, one letter more. Sounded: the same metaphone key spelled one letter apart, two
    letters swapped ("clam") or with the same NYSIIS key ("recordid", "coll"); one sound more
    or less at an edge of the word ("plant", "advice" for "plan", "device"); or its last sound
    run into the next word's first ("this com may" for "this call may"). "reported",
    "rewarded" and "fall", "cell" look as much like "recorded" and "call" but sound otherwise:
    other words.
    """
    expected, heard = _single(without_accents(expected)), _single(without_accents(heard))
    if expected == heard or _stem(expected) == _stem(heard) or _letters_lost(expected, heard):
        return True
    one_letter = jellyfish.damerau_levenshtein_distance(expected, heard) <= 1  # clam, calm
    if one_letter and len(heard) > len(expected) >= LONG_WORD:
        return True
    key, other = _sounds(expected), _sounds(heard)
    if key == other:
        return one_letter or jellyfish.nysiis(expected) == jellyfish.nysiis(heard)
    return _sound_at_edge(key, other) or _run_into(key, other, _sounds(following))


def _run_into(key: str, heard: str, following: str) -> bool:
    """True when the heard key is the expected one with its last sound turned into the next
    word's first: said together, "call may" is heard "com may"."""
    return (
        len(key) == len(heard) >= EDGE_KEY
        and key[:-1] == heard[:-1]
        and heard[-1:] == following[:1]
    )


def _letters_lost(expected: str, heard: str) -> bool:
    """True when `heard` is `expected` with a quarter of its letters lost at most, the first
    kept ("rcoded", "cal", "pla")."""
    if not heard or heard[0] != expected[0] or len(heard) < LETTERS_KEPT * len(expected):
        return False
    letters = iter(expected)
    return all(c in letters for c in heard)  # in order: each found after the previous one


def _sounds(word: str) -> str:
    """The metaphone key with "th" as "t": engines write one for the other (tank, thank)."""
    return jellyfish.metaphone(word).replace("0", "T")


def _sound_at_edge(one: str, other: str) -> bool:
    """True when one key is the other with one sound more at its start or end, the shorter
    keeping two sounds at least ("plnt" and "pln", "atfs" and "tfs")."""
    short, long = sorted((one, other), key=len)
    if len(long) - len(short) != 1 or len(short) < EDGE_KEY:
        return False
    return long.startswith(short) or long.endswith(short)


def _single(word: str) -> str:
    """The word with doubled letters written once ("reccorded", "calll"): metaphone keys
    them twice."""
    return "".join(c for n, c in enumerate(word) if n == 0 or c != word[n - 1])


def _stem(word: str) -> str:
    """The word without one of the ENDINGS (a word too short keeps it)."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= STEM_LETTERS:
            return word[: -len(ending)]
    return word


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
