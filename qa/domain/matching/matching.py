"""Finding a phrase in what one speaker said: exact first, then fuzzy, then word-snapped.

The phrase is searched in the whole windowed text of a speaker, never segment by segment:
`partial_ratio` of a long phrase against a short segment scores 100 on any shared word.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process

from qa.domain.matching.negation import LIGHT_WORDS, NEGATORS, negates_at
from qa.domain.matching.spoken_text import Stream
from qa.domain.matching.word_alignment import Heard, align
from qa.domain.matching.word_support import garbled, heard_in_order, is_short

UNCERTAIN_BAND = 10.0  # a best match this far below the threshold is `uncertain`, not `fail`
EVIDENCE_FLOOR = 60.0  # similarity from which fuzzy matches are looked at at all
SHOWN_FLOOR = 70.0  # a closest match below this is noise, not evidence worth showing
NEGATION_REACH = 4  # words before a match that can negate it ("i will not tell you to | calm down")
PAUSE = 2.0  # seconds of silence before a match that end the clause a negation could reach
SNAP_TRIM = 2  # words a character-level alignment may overhang at either edge
ANCHOR_GATE = 25.0  # try word windows only when the character-level best is this close
MAX_ANCHORS = 12  # occurrences of an anchor word tried per phrase
MAX_TRIES = 4  # occurrences tried when the best one is negated

# partial: a multi-word name heard only in part ("regarding national bank")
Status = Literal["said", "near", "negated", "other_name", "partial", "absent"]


# Match and Hit are NamedTuples rather than frozen dataclasses: scoring one call builds dozens
# of them, and a NamedTuple is built in half the time (a frozen dataclass's __init__ goes
# through object.__setattr__ for every field). Both stay immutable values.
class Match(NamedTuple):
    """Where a phrase was found: words [first, last) of a stream, and how similar they are."""

    first: int
    last: int
    score: float  # 0-100, of the phrase against exactly these words


class Hit(NamedTuple):
    """The outcome of looking for one phrase: what status, where, and what was heard."""

    phrase: str  # the rubric phrase, placeholders filled with what was expected
    status: Status
    match: Match | None = None
    heard: str = ""  # what was heard where a name should be (other_name); the name (partial)

    @property
    def rank(self) -> int:
        """Better outcomes rank higher: said > near/other name/partial > negated > absent."""
        return _RANKS[self.status]


_RANKS = {"said": 4, "near": 3, "other_name": 3, "partial": 3, "negated": 1, "absent": 0}


def exact_at(stream: Stream, phrase: str, chars: tuple[int, int]) -> int:
    """Where the first whole-word occurrence of normalised `phrase` starts within characters
    `chars` (word edges) of the stream's text, or -1."""
    begin, end = chars
    if not phrase or begin >= end:
        return -1
    # padded[p] is text[p - 1]: " phrase " found at p is the phrase at text[p], spaces around
    return stream.padded.find(f" {phrase} ", begin, end + 2)


def _snapped(stream: Stream, phrase: str, first: int, last: int) -> Match:
    """The best whole-word span inside a character-level alignment (drop overhanging edge words)."""
    spans = [
        (a, b)
        for a in range(first, min(first + SNAP_TRIM + 1, last))
        for b in range(last, max(a, last - SNAP_TRIM - 1), -1)
    ]
    offsets, text = stream.offsets, stream.text
    # one batched rapidfuzz call, best first; ties go to the longer span, then the earlier one
    scored = process.extract(
        phrase, [text[offsets[a] : offsets[b] - 1] for a, b in spans], scorer=fuzz.ratio,
        processor=None, limit=None,
    )  # fmt: skip
    top = scored[0][1]
    index = max(
        (n for _, score, n in scored if score == top), key=lambda n: (_length(spans[n]), -n)
    )
    return Match(*spans[index], top)


def _length(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _occurrences(stream: Stream, word: str, begin: int, end: int) -> list[int]:
    """Where whole-word occurrences of `word` start in characters [begin, end) of the stream's
    text (at most MAX_ANCHORS)."""
    found: list[int] = []
    padded, wanted, stop = stream.padded, f" {word} ", end + 2
    at = padded.find(wanted, begin, stop)
    while at >= 0 and len(found) < MAX_ANCHORS:
        found.append(at)
        at = padded.find(wanted, at + 1, stop)
    return found


@lru_cache(maxsize=4096)
def _anchors(phrase: str) -> tuple[tuple[str, int], ...]:
    """The phrase's two longest words (of three letters or more) and their places in it; the
    earlier word first on a tie."""
    words = phrase.split()
    longest = sorted(dict.fromkeys(w for w in words if len(w) > 2), key=len, reverse=True)[:2]
    return tuple((word, words.index(word)) for word in longest)


def _anchored(
    stream: Stream, phrase: str, chars: tuple[int, int], span: tuple[int, int], cutoff: float
) -> Match | None:
    """Word windows around exact hits of the phrase's two longest words in words `span`
    (characters `chars` of the stream's text).

    `partial_ratio` compares windows exactly as long as the phrase, so an inserted word
    ("calm you down") can hide the right place behind a chance look-alike ("all done").
    """
    size = phrase.count(" ") + 1
    low, high = span
    norm, offsets, whole = stream.norm, stream.offsets, stream.text
    windows: dict[str, tuple[int, int]] = {}  # each window's text scored once, at its first place
    contexts: set[tuple[str, ...]] = set()
    for word, place in _anchors(phrase):
        for at in _occurrences(stream, word, *chars):
            start = bisect_right(offsets, at) - 1 - place
            if low < start and start + size + 1 <= high:  # no window cut short by the span
                context = tuple(norm[start - 1 : start + size + 1])
                if context in contexts:
                    continue  # the same words said again: the same windows, scored already
                contexts.add(context)
            for a, b in ((start, start + size - 1), (start, start + size),
                         (start, start + size + 1), (start - 1, start + size + 1)):  # fmt: skip
                b = min(high, b)
                if a >= low and b > a:
                    windows.setdefault(whole[offsets[a] : offsets[b] - 1], (a, b))
    if not windows:
        return None
    best = process.extractOne(  # one batched call: the first best window wins
        phrase, list(windows), scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
    )
    return Match(*windows[best[0]], best[1]) if best is not None else None


def find(
    stream: Stream, phrase: str, first: int, last: int, cutoff: float, wanted: float = 100.0
) -> Match | None:
    """The best occurrence of normalised `phrase` in words [first, last) scoring >= cutoff.

    When the best character-level match scores under `wanted`, word windows around the
    phrase's longest words are tried too.
    """
    begin, end = stream.char_span(first, last)
    if begin >= end or not phrase:
        return None
    at = exact_at(stream, phrase, (begin, end))
    if at >= 0:
        return Match(stream.word_at(at), stream.word_at(at + len(phrase) - 1) + 1, 100.0)
    text = stream.text[begin:end]
    if len(text) <= len(phrase):  # partial_ratio would align the text inside the phrase
        snapped = _snapped(stream, phrase, first, last)  # "hi, my is sarah": without the "hi"
        return snapped if snapped.score >= cutoff else None
    found = fuzz.partial_ratio_alignment(phrase, text, processor=None, score_cutoff=cutoff)
    best = None
    if found is not None:
        a = stream.word_at(begin + found.dest_start)
        b = stream.word_at(begin + max(found.dest_start, found.dest_end - 1)) + 1
        best = _snapped(stream, phrase, a, b)
    gate = found is not None and found.score >= wanted - ANCHOR_GATE
    if gate and (best is None or best.score < wanted):
        floor = max(cutoff, best.score if best else 0.0)
        other = _anchored(stream, phrase, (begin, end), (first, last), floor)
        best = other if other is not None and (best is None or other.score > best.score) else best
    return best


def negated(stream: Stream, first: int) -> bool:
    """True when a negation in the same clause shortly before word `first` negates it.

    An answer ("oh no", "no problem", "not at all") ends the clause instead: what follows is
    a new one. Light words ("going", "to", "you") do not count towards the reach.
    """
    low = max(0, first - NEGATION_REACH - len(LIGHT_WORDS))
    if NEGATORS.isdisjoint(stream.words(low, first).split()):
        return False  # the usual case: no negation word within reach at all
    before: list[str] = []
    for index in range(first - 1, low - 1, -1):
        if stream.ends_clause(index) or stream.starts[first] - stream.end(index) > PAUSE:
            break
        before[:0] = stream.norm[index].split()
    words = before + stream.words(first, min(len(stream), first + 2)).split()
    counted = 0
    for n in range(len(before) - 1, -1, -1):
        if words[n] in NEGATORS:
            return negates_at(words, n)  # an answer bounds the clause: nothing further back
        counted += words[n] not in LIGHT_WORDS
        if counted >= NEGATION_REACH:
            break
    return False


@lru_cache(maxsize=4096)
def _states_negation(phrase: str) -> bool:
    return any(word in NEGATORS for word in phrase.split())


def _heard_around(stream: Stream, match: Match) -> list[Heard]:
    """The matched words and one word either side, split into single words."""
    heard: list[Heard] = []
    for n in range(max(0, match.first - 1), min(len(stream), match.last + 1)):
        pieces, ends = stream.norm[n].split(), stream.ends_clause(n)
        heard += [Heard(w, ends and k == len(pieces) - 1) for k, w in enumerate(pieces)]
    return heard


def _status(
    stream: Stream, phrase: str, match: Match, threshold: float, promote: bool = True
) -> Status:
    """Said, near, negated or absent: the similarity, checked word by word.

    Word by word, a negation inside the match negates it, and a word heard with a prefix
    more or less ("limited data" for "unlimited data") makes it near at best. With `promote`,
    a near match of four words or more with every word in its place but a quarter lost at
    most is said ("anything else i can help you and with").
    """
    said = match.score >= threshold
    if match.score >= 100.0:
        return "said"
    words = phrase.split()
    seen = align(words, _heard_around(stream, match))
    if seen.negation:
        return "negated"
    if seen.prefixed:
        return "near"
    if not is_short(phrase):
        return "said" if said or (promote and seen.mostly_in_place(len(words))) else "near"
    heard = stream.words(match.first, match.last).split()
    found = heard_in_order(words, heard)
    if found == len(words) and len(heard) <= len(words) + 1:
        return "said"  # every word, in order, at most one inserted: "calm you down"
    if said:
        return "said"
    return "near" if found >= len(words) - 1 and garbled(words, heard) else "absent"


def _loose(stream: Stream, phrase: str, span: tuple[int, int]) -> Match | None:
    """All but one of a three-word phrase's words, in order, within one word of slack.

    For prohibited phrases only: "not so my" may be "not my problem" with a word lost, and a
    critical item must not pass on that quietly.
    """
    words = phrase.split()
    if len(words) < 3 or not is_short(phrase):
        return None
    begin, end = stream.char_span(*span)
    for place, word in enumerate(words):
        for at in _occurrences(stream, word, begin, end):
            first = max(span[0], stream.word_at(at) - place)
            last = min(span[1], first + len(words) + 1)
            heard = stream.words(first, last).split()
            if heard_in_order(words, heard) >= len(words) - 1:
                score = fuzz.ratio(phrase, stream.words(first, last), processor=None)
                return Match(first, last, score)
    return None


def search_literal(
    stream: Stream,
    source: str,
    phrase: str,
    span: tuple[int, int],
    threshold: float,
    loose: bool = False,
) -> Hit:
    """Look for a placeholder-free normalised phrase in words `span`, skipping negated mentions.

    `loose` (prohibited phrases): a short phrase heard with one word missing is `near`.
    """
    first, last = span
    negated_match: Match | None = None
    closest: Match | None = None
    for _ in range(MAX_TRIES):
        match = find(stream, phrase, first, last, EVIDENCE_FLOOR, threshold)
        if match is None or match.score < threshold - UNCERTAIN_BAND:
            closest = match if match is not None and match.score >= SHOWN_FLOOR else None
            break
        if not _states_negation(phrase) and negated(stream, match.first):
            negated_match, first = negated_match or match, match.last
            continue
        # a prohibited phrase is not promoted: near is uncertain, promoted it fails the call
        status = _status(stream, phrase, match, threshold, promote=not loose)
        if status == "negated":  # a negation inside the match: "may not be recorded"
            negated_match, first = negated_match or match, match.last
            continue
        if status != "absent":
            return Hit(source, status, match)
        closest = match
        break
    if negated_match is not None:
        return Hit(source, "negated", negated_match)
    near = _loose(stream, phrase, span) if loose else None
    if near is not None and (_states_negation(phrase) or not negated(stream, near.first)):
        return Hit(source, "near", near)
    return Hit(source, "absent", closest)
