"""Spoken-text normalisation, so the same words compare equal however a speech engine wrote them.

One recognised word normalises to zero or more lower-case words: "Won't" -> "will not",
"24/7" -> "twenty four seven", "um" -> "", "alright" -> "all right". Words are letters and
digits of any script, casefolded and composed (NFC): "Jönsson", "kundtjänst", "Łukasz".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WHOLE = {
    "won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not",
    "ain't": "is not", "let's": "let us", "y'all": "you all", "ma'am": "madam",
    "o'clock": "oclock", "'cause": "because",
}  # fmt: skip
_IS = ("it", "that", "there", "what", "here", "he", "she", "who", "where", "how", "this", "name")
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'m", " am"),
             ("'ll", " will"), ("'d", " would"))  # fmt: skip
# Spellings speech engines and people vary on, mapped to one form.
_SPELLINGS = {
    "ok": "okay", "k": "okay", "alright": "all right", "gonna": "going to", "wanna": "want to",
    "gotta": "got to", "kinda": "kind of", "sorta": "sort of", "lemme": "let me",
    "gimme": "give me", "ya": "you", "u": "you", "ur": "your", "cuz": "because",
    "coz": "because", "thru": "through", "tho": "though", "pls": "please", "plz": "please",
    "thanks": "thank you", "thx": "thank you", "e-mail": "email", "percent": "per cent",
    "mr": "mister", "mrs": "missus", "dr": "doctor", "colour": "color", "favour": "favor",
    "cancelled": "canceled", "cancelling": "canceling", "recognise": "recognize",
    "apologise": "apologize", "apologised": "apologized", "customise": "customize",
    "realise": "realize", "centre": "center", "voice-mail": "voicemail", "yeah": "yes",
    "yep": "yes", "yup": "yes", "nope": "no",
}  # fmt: skip
# Contractions written without their apostrophe, as speech engines and typists often do; only
# those that are not also words ("its", "ill", "were", "wed", "id" stay as they are, and so does
# "wont": a misheard "want" as often as a "won't" without its apostrophe).
_NO_APOSTROPHE = {
    "cant": "can not", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "wouldnt": "would not", "couldnt": "could not", "shouldnt": "should not",
    "mustnt": "must not", "neednt": "need not", "aint": "is not", "im": "i am",
    "youre": "you are", "theyre": "they are", "ive": "i have", "youve": "you have",
    "weve": "we have", "theyve": "they have", "youll": "you will", "theyll": "they will",
    "thats": "that is", "whats": "what is", "theres": "there is", "heres": "here is",
}  # fmt: skip
_SPELLINGS.update(_NO_APOSTROPHE)
_FILLERS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "mhm", "uhm"})
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()  # fmt: skip
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
             "nine": "ninth", "twelve": "twelfth"}  # fmt: skip
_SYMBOLS = str.maketrans({"%": " per cent ", "&": " and ", "+": " plus ", "@": " at ",
                          "’": "'", "‘": "'", "`": "'"})  # fmt: skip
# A letter of any script: `\w` without digits and underscore, plus the combining marks of
# scripts whose vowel signs are separate characters even after NFC (Devanagari, Arabic, Thai).
_LETTER = (r"(?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a"
           r"\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0971-\u0dff\u0e31-\u0e3a"
           r"\u0e47-\u0e4e])")  # fmt: skip
_PARTS = re.compile(rf"{_LETTER}+(?:'{_LETTER}+)*|\d+(?:st|nd|rd|th)?|'{_LETTER}+")
# Letters that carry no combining accent to strip, folded by hand (ø is not o + a mark).
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                        "þ": "th", "ı": "i", "ß": "ss"})  # fmt: skip
_DIGITS_ONE_BY_ONE = 5  # numbers this long (phone, account numbers) are read digit by digit


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        n %= 10
        if n:
            words.append(_ONES[n])
    elif n or not words:
        words.append(_ONES[n])
    return words


def number_words(digits: str) -> list[str]:
    """Digits as spoken: "42" -> forty two; long or zero-led numbers digit by digit."""
    if len(digits) >= _DIGITS_ONE_BY_ONE or (len(digits) > 1 and digits[0] == "0"):
        return [_ONES[int(d)] for d in digits]
    n = int(digits)
    if n >= 1000:
        return [
            *_below_thousand(n // 1000),
            "thousand",
            *(_below_thousand(n % 1000) if n % 1000 else []),
        ]
    return _below_thousand(n)


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    spoken = _ORDINALS.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return [*words[:-1], spoken]


def _part(part: str) -> list[str]:
    if part[0].isdigit():
        digits = part.rstrip("stndrh")
        spoken = number_words(digits)
        return _ordinal(spoken) if len(digits) < len(part) else spoken
    if part in _WHOLE:
        return _WHOLE[part].split()
    if part.endswith("'s"):
        stem = part[:-2]
        return [stem, "is"] if stem in _IS else [stem + "s"]
    for suffix, expansion in _SUFFIXES:
        if part.endswith(suffix) and len(part) > len(suffix):
            return (part[: -len(suffix)] + expansion).split()
    part = part.replace("'", "")
    return _SPELLINGS.get(part, part).split() if part not in _FILLERS else []


@lru_cache(maxsize=65536)
def normalize_word(raw: str) -> str:
    """One recognised word (with its punctuation) as normalised words joined by spaces."""
    lowered = unicodedata.normalize("NFC", raw).casefold().translate(_SYMBOLS).replace("''", "'")
    lowered = _SPELLINGS.get(lowered.strip('.,!?;:"()[] '), lowered)
    if lowered.startswith("$"):
        lowered = lowered[1:] + " dollars"
    return " ".join(w for part in _PARTS.findall(lowered) for w in _part(part))


def normalize_text(text: str) -> str:
    """A whole phrase or sentence, normalised word by word."""
    return " ".join(w for w in (normalize_word(raw) for raw in text.split()) if w)


@lru_cache(maxsize=65536)
def without_accents(word: str) -> str:
    """A normalised word with its accents taken off, the second tier of comparison: "jönsson"
    -> "jonsson", "müller" -> "muller" (speech engines and keyboards often drop them)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ends_clause(raw: str) -> bool:
    """True when a recognised word ends a clause (its punctuation bounds a negation's reach)."""
    return raw.rstrip("\"')]").endswith((".", ",", "?", "!", ";", ":"))


_NORM: dict[str, str] = {}  # raw word -> normalised words; plain dicts are the cheapest cache
_CACHE_LIMIT = 200_000  # distinct raw words remembered


def _remember(raw: str) -> str:
    if len(_NORM) >= _CACHE_LIMIT:
        _NORM.clear()
    norm = _NORM[raw] = normalize_word(raw)
    return norm


def words_normalized(raws: list[str]) -> list[str]:
    """Normalised forms of many recognised words (this runs for every word of a call:
    `map` over the cache keeps it at C speed once the words have been seen)."""
    try:
        return list(map(_NORM.__getitem__, raws))
    except KeyError:  # a word not seen yet (or the cache was just cleared)
        return [_NORM[raw] if raw in _NORM else _remember(raw) for raw in raws]
