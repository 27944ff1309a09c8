"""Numbers as callers say them: digit words, "oh", "double five", tens, teens, months, ordinals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

UNITS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
# "oh" is also an interjection, so it only counts as zero next to another digit.
WEAK_ZERO = frozenset({"oh", "o"})
TEENS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}  # fmt: skip
TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fourty": "4", "fifty": "5", "sixty": "6",
    "seventy": "7", "eighty": "8", "ninety": "9",
}  # fmt: skip
REPEATS = {"double": 2, "triple": 3}
SCALES = {"hundred": "00", "thousand": "000"}
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Piece:
    """Digits read from the words first..last (inclusive indexes into the word list)."""

    first: int
    last: int
    digits: str
    weak: bool = False  # a lone "oh": zero only when other digits are near


def _unit(word: str) -> str | None:
    return UNITS.get(word) or (word if len(word) == 1 and word.isdigit() else None)


def _read_one(words: Sequence[str], i: int, join_tens: bool) -> Piece | None:
    """The number that starts at word i, if any."""
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    if word.isdigit():
        return Piece(i, i, word)
    if word in REPEATS and _unit(following) is not None:
        return Piece(i, i + 1, str(_unit(following)) * REPEATS[word])
    if word in UNITS:
        return Piece(i, i, UNITS[word], weak=word in WEAK_ZERO)
    if word in TEENS:
        return Piece(i, i, TEENS[word])
    if word in TENS:
        unit = UNITS.get(following)
        if join_tens and unit is not None and following not in WEAK_ZERO and unit != "0":
            return Piece(i, i + 1, TENS[word] + unit)
        return Piece(i, i, TENS[word] + "0")
    return None


def _with_scale(pieces: list[Piece], word: str, i: int) -> Piece:
    """ "eight hundred" reads as 800; a bare "hundred" as 100."""
    before = pieces[-1] if pieces else None
    if before is not None and before.last == i - 1 and len(before.digits) == 1:
        pieces.pop()
        return Piece(before.first, i, before.digits + SCALES[word])
    return Piece(i, i, "1" + SCALES[word])


def read_numbers(
    words: Sequence[str], join_tens: bool = True, pauses: frozenset[int] = frozenset()
) -> list[Piece]:
    """Every number in lower-case words, in order; words that are no number give no piece.

    "forty five" reads as 45; as 40 and 5 with `join_tens` off or a pause after "forty"
    (`pauses` holds the indexes of words followed by one).
    """
    pieces: list[Piece] = []
    i = 0
    while i < len(words):
        if words[i] in SCALES:
            pieces.append(_with_scale(pieces, words[i], i))
            i += 1
            continue
        piece = _read_one(words, i, join_tens and i not in pauses)
        if piece is None:
            i += 1
            continue
        pieces.append(piece)
        i = piece.last + 1
    return pieces


def ordinal_value(word: str) -> int | None:
    """1 for "first" or "1st", 12 for "twelfth" or "12th"; None otherwise."""
    if word in ORDINALS:
        return ORDINALS[word]
    if len(word) > 2 and word[-2:] in ("st", "nd", "rd", "th") and word[:-2].isdigit():
        return int(word[:-2])
    return None


def month_number(word: str) -> int | None:
    """1-12 for a month name or its abbreviation."""
    return MONTHS.get(word.rstrip("."))


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check that every payment card number passes."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return bool(digits) and total % 10 == 0
