"""Phrases with `{agent}` and `{business}` slots, each slot checked on its own (sound, spelling).

"my name is Sam" scores high against "my name is Sarah" because most of the phrase matches; the
slot check stops that from passing. Speech engines garble names often, so a clearly different
word where the name should be is `other_name` (scored uncertain), and a close one
("Sara", "acne wireless") passes. An agent's nicknames (`name_forms`) pass when said word for
word; a business name heard only in part ("regarding national bank", `name_sounds`) is
`partial` (uncertain) rather than not said.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from qa.domain.matching.matching import UNCERTAIN_BAND, Hit, Match, exact_at, find, search_literal
from qa.domain.matching.name_forms import is_other_given_name
from qa.domain.matching.name_sounds import part_heard
from qa.domain.matching.normalize import normalize_text, without_accents
from qa.domain.matching.spoken_text import Stream

NAME_CLOSE = 80.0  # spelling similarity at which a heard name counts as the expected one
NAME_SOUNDS_CLOSE = 60.0  # ...or this, when the two also sound alike (same phonetic key)
MAX_VARIANTS = 16  # combinations of slot values tried per phrase
SLOT_REACH = 2  # words beside a match read when a slot starts or ends the phrase
# Slots whose names are several words a recogniser garbles one by one; a person's name is read
# word by word by the slot check, and "Mary" said in passing is no greeting heard in part.
HEARD_IN_PART = frozenset({"business"})
ALSO = ":also"  # names[slot + ALSO]: forms accepted when said word for word (Jon for Jonathan)
_SLOT = re.compile(r"\{\s*(\w+)\s*\}")
_SOUND_GROUPS = {c: str(n) for n, letters in enumerate(
    ("bfpv", "cgjkqsxz", "dt", "l", "mn", "r"), start=1) for c in letters}  # fmt: skip
# Words that follow "this is" or "i am" far more often than a name does; hearing one of them
# where a name should be means the phrase was not a self-introduction at all.
COMMON_WORDS = frozenset("""
a an the and or but so to of for in on at by with from about as into over after before up down
out off just really very quite also still only even now then here there this that these those it
its i me my we us our you your he him his she her they them their is am are was were be been being
have has had do does did will would shall should can could may might must not no yes okay oh well
going go get got calling call help how what when where who why which sure sorry glad happy great
good fine right all any some one two more most much many please thank thanks welcome back again
speaking today hello hi hey morning afternoon evening let see look take make give tell say said
ask need want like know think mean because if than too way here's there's can't don't won't
""".split())  # fmt: skip


@dataclass(frozen=True, slots=True)
class Phrase:
    """A rubric phrase ready to search: normalised literal parts and slot names, alternating."""

    source: str
    parts: tuple[str, ...]  # even positions: literal text; odd positions: slot names
    literal: str = ""  # the whole normalised phrase when it has no slot


@lru_cache(maxsize=4096)
def compile_phrase(source: str) -> Phrase:
    """Split a rubric phrase at its `{slots}` and normalise the literal parts."""
    pieces = _SLOT.split(source)
    parts = tuple(p if n % 2 else normalize_text(p) for n, p in enumerate(pieces))
    return Phrase(source, parts, parts[0] if len(parts) == 1 else "")


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """A Soundex-like key of a whole word: first letter, then consonant classes, no repeats."""
    letters = [c for c in word.lower() if c.isalpha()]
    if not letters:
        return ""
    codes = [_SOUND_GROUPS.get(c, "") for c in letters]
    key, last = letters[0], codes[0]
    for code in codes[1:]:
        if code and code != last:
            key += code
        last = code
    return key


@lru_cache(maxsize=65536)
def sounds_like(expected: str, heard: str) -> bool:
    """True when `heard` is `expected` or a plausible recognition of it (Sara, Sera; acne/acme;
    Jonsson for Jönsson: accents are compared as a second tier, after the letters)."""
    expected, heard = without_accents(expected), without_accents(heard)
    a, b = expected.replace(" ", ""), heard.replace(" ", "")
    score = fuzz.ratio(a, b, processor=None)
    if score >= NAME_CLOSE:
        return True
    if score < NAME_SOUNDS_CLOSE or is_other_given_name(a, b):
        return False  # spelled apart, or another first name that merely sounds alike
    # word by word ("sarah kim"), or run together: engines split names ("pre a" for Priya)
    keys = " ".join(map(phonetic_key, expected.split())) == " ".join(
        map(phonetic_key, heard.split())
    )
    return keys or phonetic_key(a) == phonetic_key(b)


def name_heard(values: tuple[str, ...], heard: list[str]) -> bool:
    """True when some run of words in `heard` sounds like one of the expected values."""
    for value in values:
        expected = normalize_text(value)
        # as many words as the name, or one more (split: "pre a"); never fewer, or "wireless"
        # alone would sound like "acme wireless" and pass "thank you for calling Verizon Wireless"
        shortest = len(expected.split())
        for first in range(len(heard)):
            for last in range(first + shortest, min(len(heard), first + shortest + 1) + 1):
                if sounds_like(expected, " ".join(heard[first:last])):
                    return True
    return False


@dataclass(frozen=True, slots=True)
class Variant:
    """A phrase with each slot filled by one expected name."""

    values: dict[str, str]  # slot -> the name put in it
    source: str  # as a person reads it: "my name is Sarah"
    text: str  # normalised, ready to search: "my name is sarah"


@lru_cache(maxsize=4096)
def _variants_of(phrase: Phrase, choices: tuple[tuple[str, ...], ...]) -> tuple[Variant, ...]:
    """The phrase filled with every combination of `choices` (one tuple of names per slot)."""
    slots = list(dict.fromkeys(phrase.parts[1::2]))
    combos = itertools.islice(itertools.product(*choices), MAX_VARIANTS)
    found = []
    for combo in combos:
        values = dict(zip(slots, combo, strict=True))
        found.append(Variant(values, filled_source(phrase, values), _filled(phrase, values)))
    return tuple(found)


def variants(phrase: Phrase, names: dict[str, tuple[str, ...]]) -> tuple[Variant, ...]:
    """The phrase with its slots filled by the expected names (the literal phrase when none)."""
    if len(phrase.parts) == 1:
        return (Variant({}, phrase.source, phrase.literal),)
    slots = dict.fromkeys(phrase.parts[1::2])
    return _variants_of(phrase, tuple(tuple(names.get(slot, ())) for slot in slots))


# (stream, names, forms) of the last call to `_with_also`, swapped whole (one reference)
_LAST_ALSO: list[tuple[Stream, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = []


def _with_also(stream: Stream, names: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each slot's names followed by those of its word-for-word forms said in the stream.

    Those forms are not searched fuzzily: a dozen nicknames would multiply the search, and
    "jon" is too short to be told from "don" by similarity alone.
    """
    last = _LAST_ALSO[0] if _LAST_ALSO else None
    if last is not None and last[0] is stream and last[1] is names:
        return last[2]  # every phrase of a call asks again: the answer is the same
    found: dict[str, tuple[str, ...]] = {}
    for slot, values in names.items():
        if slot.endswith(ALSO):
            continue
        forms = names.get(slot + ALSO, ())
        said = tuple(f for f in forms if stream.says(next(iter(normalize_text(f).split()), "")))
        found[slot] = values + said if said else values
    # held (not just their ids), so a later call's stream cannot take a dead one's id
    _LAST_ALSO[:] = [(stream, names, found)]
    return found


def said_word_for_word(
    stream: Stream, phrase: Phrase, names: dict[str, tuple[str, ...]], chars: tuple[int, int]
) -> bool:
    """True when the phrase, slots filled with an expected name, is in characters `chars` of
    the stream's text as is."""
    if len(phrase.parts) == 1:
        return exact_at(stream, phrase.literal, chars) >= 0
    return any(
        exact_at(stream, v.text, chars) >= 0 for v in variants(phrase, _with_also(stream, names))
    )


def filled_source(phrase: Phrase, values: dict[str, str]) -> str:
    """The rubric phrase with its slots replaced by the given values, as a person reads it."""
    return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), phrase.source)


# What a reason shows for a slot nobody's name fills: words a supervisor reads, not "{agent}".
_UNKNOWN = {"agent": "the agent's name", "business": "the business name"}


def as_said(source: str, names: dict[str, tuple[str, ...]]) -> str:
    """A rubric phrase as a person would say it, each slot filled with its first name
    ("thank you for calling {business}" -> "thank you for calling Acme Wireless")."""
    phrase = compile_phrase(source)
    slots = phrase.parts[1::2]
    values = {s: (names.get(s) or (_UNKNOWN.get(s, f"the {s}"),))[0] for s in slots}
    return filled_source(phrase, values)


def _filled(phrase: Phrase, values: dict[str, str]) -> str:
    parts = [normalize_text(values[p]) if n % 2 else p for n, p in enumerate(phrase.parts)]
    return " ".join(p for p in parts if p)


def _words_of(parts: tuple[str, ...], values: dict[str, str], offset: int) -> list[str]:
    """Normalised words of phrase parts, slots filled; `offset` is the index of parts[0]."""
    words: list[str] = []
    for n, part in enumerate(parts, start=offset):
        words += (normalize_text(values.get(part, "")) if n % 2 else part).split()
    return words


def _best_cut(literal: list[str], said: list[str], from_start: bool) -> int:
    """How many said words (from the start, or the end) best match the literal words."""
    text = " ".join(literal)
    scores = [fuzz.ratio(text, " ".join(said[:k] if from_start else said[len(said) - k :]),
                         processor=None) for k in range(len(said) + 1)]  # fmt: skip
    return scores.index(max(scores))


def _slot_zone(
    phrase: Phrase, values: dict[str, str], slot: str, said: list[str]
) -> tuple[list[str], list[str]]:
    """Said words where the slot should be: (words to compare, words to report as heard)."""
    index = phrase.parts.index(slot)
    count = len(normalize_text(values.get(slot, "")).split()) or 1
    before = _words_of(phrase.parts[:index], values, 0)
    if before:
        cut = _best_cut(before, said, from_start=True)
        return said[max(0, cut - 1) : cut + count + 1], said[cut : cut + count]
    after = _words_of(phrase.parts[index + 1 :], values, index + 1)
    end = len(said) - _best_cut(after, said, from_start=False) if after else len(said)
    return said[max(0, end - count - 1) : end + 1], said[max(0, end - count) : end]


def _wrong_slot(
    stream: Stream,
    phrase: Phrase,
    values: dict[str, str],
    names: dict[str, tuple[str, ...]],
    match: Match,
) -> list[str] | None:
    """None when every slot holds an expected name, else the words heard in the first wrong slot."""
    said = stream.words(match.first, match.last).split()
    for slot in dict.fromkeys(phrase.parts[1::2]):
        zone, heard = _slot_zone(phrase, values, slot, said)
        if not (name_heard(names.get(slot, ()), zone) or _said_as_is(names, slot, zone)):
            return heard
    return None


def _said_as_is(names: dict[str, tuple[str, ...]], slot: str, zone: list[str]) -> bool:
    """True when one of the slot's word-for-word forms (a nickname) is among the words."""
    said = f" {without_accents(' '.join(zone))} "
    forms = names.get(slot + ALSO, ())
    return any(f" {without_accents(normalize_text(form))} " in said for form in forms)


def _with_slot_reach(stream: Stream, phrase: Phrase, match: Match) -> Match:
    """The match widened by SLOT_REACH words on the side where a slot ends or starts the phrase.

    Snapping keeps "my name is" out of "my name is bob" (it scores higher alone); the slot check
    needs the words next to it.
    """
    first = max(0, match.first - SLOT_REACH) if not phrase.parts[0] else match.first
    last = min(len(stream), match.last + SLOT_REACH) if not phrase.parts[-1] else match.last
    return Match(first, last, match.score)


def _name_like(heard: list[str]) -> bool:
    """True when the words could be a (misheard) name rather than the talk going on."""
    return any(w not in COMMON_WORDS for w in heard)


def _frame_hit(stream: Stream, phrase: Phrase, span: tuple[int, int], threshold: float) -> Hit:
    """Find the phrase's longest literal part and read the word beside it where the slot is."""
    index = max(range(0, len(phrase.parts), 2), key=lambda n: len(phrase.parts[n].split()))
    frame = phrase.parts[index]
    match = find(stream, frame, span[0], span[1], threshold) if frame else None
    if match is None:
        return Hit(phrase.source, "absent")
    if index + 1 < len(phrase.parts):  # the slot follows the frame
        wide = Match(match.first, min(len(stream), match.last + 1), match.score)
        heard = stream.words(match.last, wide.last).split()[:1]
    else:
        wide = Match(max(0, match.first - 1), match.last, match.score)
        heard = stream.words(wide.first, match.first).split()[-1:]
    if not _name_like(heard):
        return Hit(phrase.source, "absent")  # the frame alone ("i am") is no near-miss
    return Hit(phrase.source, "other_name", wide, heard=" ".join(heard))


def search_phrase(
    stream: Stream,
    phrase: Phrase,
    names: dict[str, tuple[str, ...]],
    span: tuple[int, int],
    threshold: float,
    loose: bool = False,
) -> Hit:
    """Look for a phrase in words `span`; slots must hold one of `names` (or be close to it).

    `loose` is for prohibited phrases: see `search_literal`.
    """
    if len(phrase.parts) == 1:
        return search_literal(stream, phrase.source, phrase.literal, span, threshold, loose)
    found = variants(phrase, names)
    # said word for word with one name: nothing can match better, so skip the fuzzy search
    # of the names before it ("my name is Sarah Kim" when the agent said "my name is Sarah")
    chars = stream.char_span(*span)
    exact = next(
        (
            v
            for v in variants(phrase, _with_also(stream, names))
            if exact_at(stream, v.text, chars) >= 0
        ),
        None,
    )
    if exact is not None:
        hit = search_literal(stream, exact.source, exact.text, span, threshold)
        if hit.status == "said" and hit.match is not None and hit.match.score >= 100.0:
            return hit
    best: tuple[Hit, dict[str, str]] | None = None
    for variant in found:
        hit = search_literal(stream, variant.source, variant.text, span, threshold)
        if hit.match and (best is None or hit.match.score > (best[0].match or hit.match).score):
            best = (hit, variant.values)
            if hit.status == "said" and hit.match.score >= 100.0:
                break  # said exactly: no other value can match better
    if best is None or best[0].status == "absent":
        framed = _frame_hit(stream, phrase, span, threshold - UNCERTAIN_BAND)
        return framed if framed.status != "absent" else _in_part(stream, phrase, names, span)
    hit, values = best
    if hit.status == "negated" or hit.match is None:
        return hit
    if hit.match.score >= 100.0:
        return hit  # the filled phrase word for word: every slot holds an expected name
    wide = _with_slot_reach(stream, phrase, hit.match)
    wrong = _wrong_slot(stream, phrase, values, names, wide)
    if wrong is None:
        return (
            hit
            if hit.match.score >= threshold - UNCERTAIN_BAND
            else Hit(hit.phrase, "absent", hit.match)
        )
    if not _name_like(wrong):
        return _in_part(stream, phrase, names, span, Hit(hit.phrase, "absent", hit.match))
    other = Hit(hit.phrase, "other_name", _quoting(stream, hit.match, wide, wrong), " ".join(wrong))
    near = (max(span[0], wide.first), min(span[1], wide.last + SLOT_REACH))
    return _in_part(stream, phrase, names, near, other)  # "happy valley national thing"


def _in_part(
    stream: Stream,
    phrase: Phrase,
    names: dict[str, tuple[str, ...]],
    span: tuple[int, int],
    otherwise: Hit | None = None,
) -> Hit:
    """A multi-word name of the phrase's slots heard in part within words `span`, as
    `partial` (a person decides); else `otherwise` (by default: the phrase not said)."""
    otherwise = otherwise or Hit(phrase.source, "absent")
    first, last = span
    words = stream.norm[first:last]
    for slot in dict.fromkeys(phrase.parts[1::2]):
        if slot not in HEARD_IN_PART:
            continue
        found = part_heard(words, names.get(slot, ()))
        if found is not None:
            match = Match(first + found.first, first + found.last, found.score)
            return Hit(phrase.source, "partial", match, heard=found.value)
    return otherwise


def _quoting(stream: Stream, match: Match, wide: Match, heard: list[str]) -> Match:
    """The match grown to include the heard words, so the evidence quote shows them."""
    text = " ".join(heard)
    for first in range(wide.first, match.first + 1):
        for last in range(match.last, wide.last + 1):
            if text in stream.words(first, last) or not text:
                return Match(first, last, match.score)
    return wide
