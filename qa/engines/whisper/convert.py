"""Decoded Whisper segments (either backend) as our Segment/Word records, in call time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from qa.domain.transcript import Segment, Speaker, Word
from qa.engines.hallucination import looks_hallucinated
from qa.engines.vad import Window
from qa.engines.whisper.sentences import split_sentences

RegionWord = tuple[int, Word]  # the speech region (span of the window) a word was said in
RawWord = tuple[float, float, str, float | None]  # start, end (window time), text, probability


@dataclass(frozen=True, slots=True)
class HeardSegment:
    """One decoded segment in the time of its window, whichever Whisper backend decoded it."""

    text: str
    start: float
    end: float
    words: tuple[RawWord, ...] = ()
    no_speech_prob: float = 0.0
    avg_logprob: float = 0.0
    compression_ratio: float = 1.0

    @property
    def hallucinated(self) -> bool:
        """Whether the segment looks invented rather than heard (see hallucination.py)."""
        return looks_hallucinated(
            self.text,
            no_speech_prob=self.no_speech_prob,
            avg_logprob=self.avg_logprob,
            compression_ratio=self.compression_ratio,
        )


def heard_from_dict(raw: dict[str, Any]) -> HeardSegment:
    """A segment dict of `whisper.transcribe` (openai-whisper) as a HeardSegment."""
    words = tuple(
        (float(w["start"]), float(w["end"]), str(w["word"]).strip(), _probability(w))
        for w in raw.get("words") or []
    )
    return HeardSegment(
        text=str(raw.get("text", "")).strip(),
        start=float(raw["start"]),
        end=float(raw["end"]),
        words=words,
        no_speech_prob=float(raw.get("no_speech_prob", 0.0)),
        avg_logprob=float(raw.get("avg_logprob", 0.0)),
        compression_ratio=float(raw.get("compression_ratio", 1.0)),
    )


def _probability(raw: dict[str, Any]) -> float | None:
    return float(raw["probability"]) if "probability" in raw else None


def _region_word(raw: RawWord, window: Window) -> RegionWord:
    start, end, text, probability = raw
    region = window.region_at((start + end) / 2)
    return region, Word(
        start=window.to_call_time(start, region),
        end=window.to_call_time(end, region),
        text=text,
        confidence=probability,
    )


def _confidence(words: tuple[Word, ...]) -> float | None:
    known = [w.confidence for w in words if w.confidence is not None]
    return sum(known) / len(known) if known else None


def _bounds(heard: HeardSegment, window: Window) -> tuple[float, float]:
    """A segment's own start and end in call time, each inside the region it falls in."""
    start, end = heard.start, heard.end
    last = window.region_at(max(start, end - 0.01))  # an end on a joint belongs before it
    return window.to_call_time(start, window.region_at(start)), window.to_call_time(end, last)


def _piece(words: tuple[Word, ...], speaker: Speaker, text: str) -> Segment:
    return Segment(
        start=words[0].start,
        end=words[-1].end,
        speaker=speaker,
        text=text,
        confidence=_confidence(words),
        words=words,
    )


def segment_in_call_time(heard: HeardSegment, speaker: Speaker, window: Window) -> list[Segment]:
    """One decoded segment as Segments in call time, one per speech region it covers.

    The window joins regions that lie apart in the call; a segment heard across a joint is cut
    there, so no segment spans the silence (or the other speaker's turn) between two regions.
    """
    timed = [rw for rw in (_region_word(w, window) for w in heard.words) if rw[1].text]
    if not timed:
        start, end = _bounds(heard, window)
        return [Segment(start=start, end=max(start, end), speaker=speaker, text=heard.text)]
    groups = [(region, tuple(w for _, w in group)) for region, group in groupby(timed, _region)]
    if len(groups) > 1:
        return [_piece(words, speaker, " ".join(w.text for w in words)) for _, words in groups]
    region, words = groups[0]
    piece = _piece(words, speaker, heard.text)
    # Word times are finer than segment times; widen to the segment's own, within the region.
    start = window.to_call_time(heard.start, region)
    end = window.to_call_time(heard.end, region)
    return [replace(piece, start=min(start, piece.start), end=max(end, piece.end))]


def _region(region_word: RegionWord) -> int:
    return region_word[0]


def heard_in_call_time(
    heard: Iterable[HeardSegment], speaker: Speaker, window: Window, drop_hallucinated: bool = True
) -> list[Segment]:
    """Decoded segments of one window in call time, a segment per sentence; empty and
    hallucinated ones dropped."""
    return [
        sentence
        for one in heard
        if one.text and not (drop_hallucinated and one.hallucinated)
        for segment in segment_in_call_time(one, speaker, window)
        for sentence in split_sentences(segment)
    ]


def segments_from_whisper(
    result: dict[str, Any], speaker: Speaker, window: Window, drop_hallucinated: bool = True
) -> list[Segment]:
    """The segments of a `whisper.transcribe` result in call time, hallucinated ones dropped."""
    heard = [heard_from_dict(raw) for raw in result.get("segments") or []]
    return heard_in_call_time(heard, speaker, window, drop_hallucinated)


def decoding_to_segment_dict(
    result: Any, seconds: float, text_tokens: list[int], text: str
) -> dict[str, Any]:
    """A batched `DecodingResult` as the segment dict `whisper.transcribe` would have made."""
    return {
        "seek": 0,
        "start": 0.0,
        "end": seconds,
        "text": text,
        "tokens": text_tokens,
        "avg_logprob": result.avg_logprob,
        "no_speech_prob": result.no_speech_prob,
        "compression_ratio": result.compression_ratio,
    }
