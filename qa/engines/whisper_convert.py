"""The one place that reads Whisper's result dicts and turns them into our Segment/Word records."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from typing import Any

from qa.domain.transcript import Segment, Speaker, Word
from qa.engines.hallucination import looks_hallucinated
from qa.engines.vad import Window

RegionWord = tuple[int, Word]  # the speech region (span of the window) a word was said in


def _region_word(raw: dict[str, Any], window: Window) -> RegionWord:
    start, end = float(raw["start"]), float(raw["end"])
    region = window.region_at((start + end) / 2)
    return region, Word(
        start=window.to_call_time(start, region),
        end=window.to_call_time(end, region),
        text=str(raw["word"]).strip(),
        confidence=float(raw["probability"]) if "probability" in raw else None,
    )


def _confidence(words: tuple[Word, ...]) -> float | None:
    known = [w.confidence for w in words if w.confidence is not None]
    return sum(known) / len(known) if known else None


def _is_hallucinated(raw: dict[str, Any]) -> bool:
    return looks_hallucinated(
        str(raw.get("text", "")),
        no_speech_prob=float(raw.get("no_speech_prob", 0.0)),
        avg_logprob=float(raw.get("avg_logprob", 0.0)),
        compression_ratio=float(raw.get("compression_ratio", 1.0)),
    )


def _bounds(raw: dict[str, Any], window: Window) -> tuple[float, float]:
    """A segment's own start and end in call time, each inside the region it falls in."""
    start, end = float(raw["start"]), float(raw["end"])
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


def segment_from_whisper(raw: dict[str, Any], speaker: Speaker, window: Window) -> list[Segment]:
    """One Whisper segment dict as Segments in call time, one per speech region it covers.

    The window joins regions that lie apart in the call; a segment heard across a joint is cut
    there, so no segment spans the silence (or the other speaker's turn) between two regions.
    """
    text = str(raw.get("text", "")).strip()
    timed = [rw for rw in (_region_word(r, window) for r in raw.get("words") or []) if rw[1].text]
    if not timed:
        start, end = _bounds(raw, window)
        return [Segment(start=start, end=max(start, end), speaker=speaker, text=text)]
    groups = [(region, tuple(w for _, w in group)) for region, group in groupby(timed, _region)]
    if len(groups) > 1:
        return [_piece(words, speaker, " ".join(w.text for w in words)) for _, words in groups]
    region, words = groups[0]
    piece = _piece(words, speaker, text)
    # Word times are finer than segment times; widen to the segment's own, within the region.
    start = window.to_call_time(float(raw["start"]), region)
    end = window.to_call_time(float(raw["end"]), region)
    return [replace(piece, start=min(start, piece.start), end=max(end, piece.end))]


def _region(region_word: RegionWord) -> int:
    return region_word[0]


def segments_from_whisper(
    result: dict[str, Any], speaker: Speaker, window: Window, drop_hallucinated: bool = True
) -> list[Segment]:
    """The segments of a `whisper.transcribe` result in call time, hallucinated ones dropped."""
    return [
        segment
        for raw in result.get("segments") or []
        if str(raw.get("text", "")).strip() and not (drop_hallucinated and _is_hallucinated(raw))
        for segment in segment_from_whisper(raw, speaker, window)
    ]


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
