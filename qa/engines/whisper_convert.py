"""The one place that reads Whisper's result dicts and turns them into our Segment/Word records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qa.domain.transcript import Segment, Speaker, Word
from qa.engines.hallucination import looks_hallucinated

TimeMap = Callable[[float], float]  # window time (s) -> call time (s)


def _word(raw: dict[str, Any], to_call_time: TimeMap) -> Word:
    return Word(
        start=to_call_time(float(raw["start"])),
        end=to_call_time(float(raw["end"])),
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


def segment_from_whisper(raw: dict[str, Any], speaker: Speaker, to_call_time: TimeMap) -> Segment:
    """One Whisper segment dict as a Segment in call time."""
    words = tuple(w for w in (_word(r, to_call_time) for r in raw.get("words") or []) if w.text)
    start, end = to_call_time(float(raw["start"])), to_call_time(float(raw["end"]))
    if words:  # word times are finer than segment times; keep the words inside their segment
        start, end = min(start, words[0].start), max(end, words[-1].end)
    return Segment(
        start=start,
        end=end,
        speaker=speaker,
        text=str(raw.get("text", "")).strip(),
        confidence=_confidence(words),
        words=words,
    )


def segments_from_whisper(
    result: dict[str, Any], speaker: Speaker, to_call_time: TimeMap, drop_hallucinated: bool = True
) -> list[Segment]:
    """The segments of a `whisper.transcribe` result, hallucinated ones dropped."""
    return [
        segment_from_whisper(raw, speaker, to_call_time)
        for raw in result.get("segments") or []
        if str(raw.get("text", "")).strip() and not (drop_hallucinated and _is_hallucinated(raw))
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
