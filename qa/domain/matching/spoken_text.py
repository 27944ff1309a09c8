"""A transcript prepared for phrase search: one normalised text per speaker, mapped back to words.

Built once per call. Each stream is a single string (normalised words joined by spaces) plus, per
recognised word, its character offset, start time and raw text, so a match found anywhere in the
string maps back to the words that were said and when. Plain lists, not one record per word, and
only the lists every search needs: a word's end, confidence, speaker and clause end are read from
its `Word` and segment when evidence or a negation check asks (a few words per item), instead of
being copied out for the thousands of words of every call.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, chain, repeat
from operator import add

from qa.domain.matching.normalize import ends_clause, words_normalized
from qa.domain.speaker_trust import roles_doubt
from qa.domain.transcript import Segment, Transcript, Word


class Stream:
    """One speaker's words (or everyone's) as searchable text."""

    __slots__ = (
        "raw", "norm", "starts", "keys", "offsets", "text", "padded",
        "_turns", "_turn_words", "_firsts", "_keep", "_flat", "_vocabulary",
    )  # fmt: skip

    def __init__(self, turns: list[Segment], turn_words: list[tuple[Word, ...]]) -> None:
        """`turns` are the segments, `turn_words` the words of each (with times).

        Words that normalise to nothing ("um") are dropped.
        """
        raws = [w.text for words in turn_words for w in words]
        norms = words_normalized(raws)
        text = " ".join(norms)
        firsts = list(accumulate(map(len, turn_words), initial=0))[:-1]
        keep: list[int] | None = None
        # a word normalised to nothing leaves a doubled (or an outer) space: checked in C
        if "  " in text or text[:1] == " " or text[-1:] == " " or (norms and not text):
            keep = [n for n, norm in enumerate(norms) if norm]
            firsts = [bisect_left(keep, first) for first in firsts]
            raws, norms = [raws[n] for n in keep], [norms[n] for n in keep]
            text = " ".join(norms)
        self.raw, self.norm, self.text = raws, norms, text
        self._turns, self._turn_words, self._firsts = turns, turn_words, firsts
        self._keep = keep
        self._flat: list[Word] | None = None  # the kept words, listed when some were dropped
        self._vocabulary: frozenset[str] | None = None
        starts = [w.start for words in turn_words for w in words]
        self.starts = starts if keep is None else [starts[n] for n in keep]
        in_order = self.starts == sorted(self.starts)  # the usual case, and cheap to check
        self.keys = self.starts if in_order else list(accumulate(self.starts, max))  # for bisect
        # offsets[n] is where word n starts in `text` (one extra entry: the end, plus a space)
        self.offsets = list(accumulate(map(add, map(len, norms), repeat(1)), initial=0))
        # with a space at either end, a whole-word search is one `find` of " word "
        self.padded = f" {text} "

    def _word(self, index: int) -> Word:
        """The `Word` behind word `index` (read from its segment: most calls need the words of
        a few matches, so the call's words are not copied out one by one)."""
        if self._keep is None:
            turn = bisect_right(self._firsts, index) - 1
            return self._turn_words[turn][index - self._firsts[turn]]
        if self._flat is None:  # some words were dropped: list the ones kept, once
            flat = list(chain.from_iterable(self._turn_words))
            self._flat = [flat[n] for n in self._keep]
        return self._flat[index]

    def __len__(self) -> int:
        return len(self.norm)

    def says(self, word: str) -> bool:
        """True when the normalised word is said anywhere in the stream (a set, built once)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.text.split())
        return word in self._vocabulary

    def span(self, start: float, end: float) -> tuple[int, int]:
        """Word indices [first, last) of words starting within [start, end] seconds."""
        return bisect_left(self.keys, start), bisect_right(self.keys, end)

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character range of words [first, last) in `text`."""
        if first >= last:
            return 0, 0
        return self.offsets[first], self.offsets[last] - 1

    def word_at(self, char: int) -> int:
        """Index of the word holding character `char` of `text`."""
        return max(0, bisect_right(self.offsets, char) - 1)

    def words(self, first: int, last: int) -> str:
        """Normalised text of words [first, last)."""
        if first >= last:
            return ""
        return self.text[self.offsets[first] : self.offsets[last] - 1]

    def quote(self, first: int, last: int) -> str:
        """The words [first, last) as the speech engine wrote them."""
        return " ".join(self.raw[first:last])

    def _turn(self, index: int) -> int:
        return bisect_right(self._firsts, index) - 1

    def end(self, index: int) -> float:
        """When word `index` ends, in seconds."""
        return self._word(index).end

    def speaker(self, index: int) -> str:
        """Who said word `index`."""
        return self._turns[self._turn(index)].speaker

    def ends_clause(self, index: int) -> bool:
        """True when word `index` ends a clause: its punctuation, or the end of its segment."""
        following = bisect_right(self._firsts, index)  # the turn after the word's own
        if following == len(self._firsts):
            last_of_turn = index == len(self.norm) - 1
        else:
            last_of_turn = self._firsts[following] == index + 1
        return last_of_turn or ends_clause(self.raw[index])

    def mean_confidence(self, first: int, last: int) -> float | None:
        """Mean recognition confidence of words [first, last); None when the engine gave none.

        A word without its own confidence takes its segment's."""
        known = [
            c
            for n in range(first, last)
            if (c := self._word(n).confidence) is not None
            or (c := self._turn_confidence(n)) is not None
        ]
        return sum(known) / len(known) if known else None

    def _turn_confidence(self, index: int) -> float | None:
        return self._turns[self._turn(index)].confidence


def _spread_words(seg: Segment) -> tuple[Word, ...]:
    """A segment without word times: its words spread evenly over the segment."""
    pieces = seg.text.split()
    step = (seg.end - seg.start) / max(1, len(pieces))
    at = [seg.start + n * step for n in range(len(pieces))]
    return tuple(Word(t, t + step, raw, seg.confidence) for t, raw in zip(at, pieces, strict=True))


def build_stream(segments: list[Segment]) -> Stream:
    """A stream of the segments' words, in the segments' order."""
    turn_words = [seg.words or _spread_words(seg) for seg in segments]
    return Stream(segments, turn_words)


class SpokenCall:
    """A transcript's streams: agent, customer, and everyone ("any"), built on first use."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        segments = transcript.segments
        # why who-spoke cannot be trusted (mono, weak automatic separation); "" when it can
        self.doubt = roles_doubt(transcript)
        self.is_mono = bool(self.doubt)  # then every speaker's stream is everyone's words
        # Transcript.first_speech and last_speech, computed once
        self.first_speech = min([s.start for s in segments], default=0.0)
        self.last_speech = max([s.end for s in segments], default=0.0)
        self._streams: dict[str, Stream] = {}

    def stream(self, speaker: str) -> Stream:
        """Words said by `speaker` (agent, customer or any); a mono call has only "any"."""
        key = "any" if self.is_mono else speaker
        found = self._streams.get(key)
        if found is None:
            segments = self.transcript.segments
            chosen = list(segments) if key == "any" else [s for s in segments if s.speaker == key]
            found = self._streams[key] = build_stream(chosen)
        return found
