"""The one place that reads faster-whisper's Segment/Word records and turns them into ours."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qa.domain.transcript import Segment, Speaker
from qa.engines.vad import Window
from qa.engines.whisper.convert import HeardSegment, heard_in_call_time


def heard_from_faster(segment: Any, offset: float = 0.0) -> HeardSegment:
    """A `faster_whisper.transcribe.Segment` as a HeardSegment in its window's time (`offset`:
    where the window starts in the audio faster-whisper was given)."""
    words = tuple(
        (float(w.start) - offset, float(w.end) - offset, str(w.word).strip(), float(w.probability))
        for w in segment.words or ()
    )
    return HeardSegment(
        text=str(segment.text).strip(),
        start=float(segment.start) - offset,
        end=float(segment.end) - offset,
        words=words,
        no_speech_prob=float(segment.no_speech_prob),
        avg_logprob=float(segment.avg_logprob),
        compression_ratio=float(segment.compression_ratio),
    )


def segments_from_faster(
    found: Iterable[Any],
    speaker: Speaker,
    window: Window,
    drop_hallucinated: bool = True,
    offset: float = 0.0,
) -> list[Segment]:
    """faster-whisper's segments of one window in call time, hallucinated ones dropped."""
    heard = [heard_from_faster(segment, offset) for segment in found]
    return heard_in_call_time(heard, speaker, window, drop_hallucinated)
