"""Transcript times are checked on import: finite, 0 <= start <= end <= duration + tolerance."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.domain.transcript import (
    DURATION_TOLERANCE,
    Segment,
    Transcript,
    check_times,
    transcript_from_dict,
    transcript_to_dict,
)


def _document(start: Any, end: Any, duration: Any = 10.0) -> dict[str, Any]:
    segment = {"start": start, "end": end, "speaker": "agent", "text": "hello"}
    return {"format": "qa-transcript/1", "duration": duration, "segments": [segment]}


@pytest.mark.parametrize(
    ("start", "end", "duration", "says"),
    [
        (math.nan, 1.0, 10.0, "finite"),
        (0.0, math.inf, 10.0, "finite"),
        (-math.inf, 1.0, 10.0, "finite"),
        (-70.0, 1.0, 10.0, "before the recording"),
        (2.0, 1.0, 10.0, "before it starts"),
        (1.0, 30.0, 10.0, "after the recording"),
        (0.0, 1.0, math.nan, "finite"),
    ],
)
def test_impossible_times_are_refused_with_a_reason(
    start: float, end: float, duration: float, says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        transcript_from_dict(_document(start, end, duration))


@pytest.mark.parametrize("segment", ["hello", 7, None, ["start", 1]])
def test_a_segment_that_is_not_an_object_is_refused(segment: Any) -> None:
    document = _document(0.0, 1.0) | {"segments": [segment]}
    with pytest.raises(ValueError, match="segment 0: must be an object"):
        transcript_from_dict(document)


def test_gaps_and_speakers_still_read_and_gap_times_are_checked() -> None:
    document = _document(0.0, 1.0) | {
        "gaps": [{"start": 2.0, "end": 3.0, "speaker": "agent"}],
        "speakers": {"method": "channels", "confidence": 0.9},
    }
    transcript = transcript_from_dict(document)
    assert transcript.gaps[0].seconds == 1.0 and transcript.speakers is not None
    document["gaps"] = [{"start": 3.0, "end": 2.0}]
    with pytest.raises(ValueError, match="gap 0"):
        transcript_from_dict(document)


finite = st.floats(min_value=0, max_value=3600, allow_nan=False)


@given(st.lists(st.tuples(finite, finite), max_size=6), finite)
def test_any_span_inside_the_recording_round_trips(
    spans: list[tuple[float, float]], d: float
) -> None:
    segments = tuple(Segment(min(a, b), max(a, b), "agent", "x") for a, b in spans)
    duration = max([d, *(s.end for s in segments)])
    transcript = Transcript(segments, duration)
    assert check_times(transcript) is transcript
    again = transcript_from_dict(transcript_to_dict(transcript))
    assert len(again.segments) == len(segments)


@given(finite, st.floats(min_value=DURATION_TOLERANCE + 0.01, max_value=1e6))
def test_any_end_past_the_recording_is_refused(duration: float, over: float) -> None:
    late = Transcript((Segment(0.0, duration + over, "agent", "x"),), duration)
    with pytest.raises(ValueError):
        check_times(late, recording=max(duration, 0.001))
