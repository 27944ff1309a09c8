"""A transcript prepared for phrase search: one normalised text per speaker, mapped back to words.

Built once per call. Each stream is a single string (normalised words joined by spaces) plus, per
recognised word, its character offset, times, confidence and raw text, so a match found anywhere in
the string maps back to the words that were said and when. Plain lists, not one record per word:
building thousands of small objects per call would cost more than all the matching.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

from qa.domain.normalize import words_info
from qa.domain.transcript import Segment, Transcript


class Stream:
    """One speaker's words (or everyone's) as searchable text."""

    __slots__ = (
        "raw",
        "norm",
        "starts",
        "ends",
        "confidence",
        "speakers",
        "clause_end",
        "offsets",
        "text",
        "keys",
    )

    def __init__(self) -> None:
        self.raw: list[str] = []
        self.norm: list[str] = []
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.confidence: list[float | None] = []
        self.speakers: list[str] = []
        self.clause_end: list[bool] = []
        self.offsets: list[int] = []
        self.keys: list[float] = []  # running max of starts: sorted even where speech overlaps
        self.text = ""

    def extend(
        self,
        raws: list[str],
        starts: list[float],
        ends: list[float],
        confidence: list[float | None],
        speaker: str,
        turn_ends: list[int],
    ) -> None:
        """Append recognised words; `turn_ends` index the last word of each segment.

        A segment's end bounds a clause, so "no." ending one turn negates nothing in the next.
        Words that normalise to nothing ("um") are dropped.
        """
        norms, clauses = words_info(raws)
        for index in turn_ends:
            clauses[index] = True
        if "" in norms:
            keep = [n for n, norm in enumerate(norms) if norm]
            raws, starts, ends = (
                [raws[n] for n in keep],
                [starts[n] for n in keep],
                [ends[n] for n in keep],
            )
            confidence, clauses = [confidence[n] for n in keep], [clauses[n] for n in keep]
            norms = [norms[n] for n in keep]
        self.raw += raws
        self.norm += norms
        self.clause_end += clauses
        self.starts += starts
        self.ends += ends
        self.confidence += confidence
        self.speakers += [speaker] * len(raws)

    def seal(self) -> Stream:
        """Join the words into the searchable text; call once after the last `extend`."""
        self.offsets = list(accumulate(map((1).__add__, map(len, self.norm)), initial=0))[:-1]
        in_order = self.starts == sorted(self.starts)  # the usual case, and far cheaper to check
        self.keys = self.starts if in_order else list(accumulate(self.starts, max))
        self.text = " ".join(self.norm)
        return self

    def __len__(self) -> int:
        return len(self.norm)

    def span(self, start: float, end: float) -> tuple[int, int]:
        """Word indices [first, last) of words starting within [start, end] seconds."""
        return bisect_left(self.keys, start), bisect_right(self.keys, end)

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character range of words [first, last) in `text`."""
        if first >= last:
            return 0, 0
        return self.offsets[first], self.offsets[last - 1] + len(self.norm[last - 1])

    def word_at(self, char: int) -> int:
        """Index of the word holding character `char` of `text`."""
        return max(0, bisect_right(self.offsets, char) - 1)

    def words(self, first: int, last: int) -> str:
        """Normalised text of words [first, last)."""
        if first >= last:
            return ""
        return self.text[self.offsets[first] : self.offsets[last - 1] + len(self.norm[last - 1])]

    def quote(self, first: int, last: int) -> str:
        """The words [first, last) as the speech engine wrote them."""
        return " ".join(self.raw[first:last])

    def mean_confidence(self, first: int, last: int) -> float | None:
        """Mean recognition confidence of words [first, last); None when the engine gave none."""
        known = [c for c in self.confidence[first:last] if c is not None]
        return sum(known) / len(known) if known else None


def _segment_words(seg: Segment, stream: Stream) -> None:
    if seg.words:
        confidence = [
            w.confidence if w.confidence is not None else seg.confidence for w in seg.words
        ]
        stream.extend(
            [w.text for w in seg.words],
            [w.start for w in seg.words],
            [w.end for w in seg.words],
            confidence,
            seg.speaker,
            [len(seg.words) - 1],
        )
        return
    pieces = seg.text.split()
    step = (seg.end - seg.start) / max(1, len(pieces))  # no word times: spread evenly
    starts = [seg.start + n * step for n in range(len(pieces))]
    last = [len(pieces) - 1] if pieces else []
    stream.extend(
        pieces,
        starts,
        [t + step for t in starts],
        [seg.confidence] * len(pieces),
        seg.speaker,
        last,
    )


def build_stream(segments: list[Segment]) -> Stream:
    """A sealed stream of the segments' words; one pass per field when all carry word times."""
    stream = Stream()
    if len({seg.speaker for seg in segments}) == 1 and all(seg.words for seg in segments):
        words = [w for seg in segments for w in seg.words]
        confidence = [w.confidence for w in words]
        if confidence.count(None):  # a word without its own confidence takes its segment's
            confidence = [
                w.confidence if w.confidence is not None else seg.confidence
                for seg in segments
                for w in seg.words
            ]
        turn_ends = [n - 1 for n in accumulate(len(seg.words) for seg in segments)]
        stream.extend(
            [w.text for w in words],
            [w.start for w in words],
            [w.end for w in words],
            confidence,
            segments[0].speaker,
            turn_ends,
        )
    else:
        for seg in segments:
            _segment_words(seg, stream)
    return stream.seal()


class SpokenCall:
    """A transcript's streams: agent, customer, and everyone ("any"), built on first use."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        self.is_mono = transcript.is_mono
        self.first_speech = transcript.first_speech
        self.last_speech = transcript.last_speech
        self._streams: dict[str, Stream] = {}

    def stream(self, speaker: str) -> Stream:
        """Words said by `speaker` (agent, customer or any); a mono call has only "any"."""
        key = "any" if self.is_mono else speaker
        found = self._streams.get(key)
        if found is None:
            chosen = [s for s in self.transcript.segments if key == "any" or s.speaker == key]
            found = self._streams[key] = build_stream(chosen)
        return found
