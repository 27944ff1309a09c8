"""Speech the VAD found but no word covers: where to decode again, and what stays a gap."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qa.domain.transcript import Gap, Segment, Speaker
from qa.engines.audio import SAMPLE_RATE
from qa.engines.vad import Span, Window

# Uncovered speech shorter than this is a breath, a click or a word's tail, not a skipped phrase.
MIN_UNHEARD_SECONDS = 0.8
# A word covers this much around itself: word times are ±0.1-0.2 s off the audio.
WORD_SLACK_SECONDS = 0.25


def _heard_intervals(segments: Iterable[Segment]) -> list[tuple[float, float]]:
    spans: list[tuple[float, float]] = []
    for segment in segments:
        if segment.words:
            spans += [(w.start, w.end) for w in segment.words]
        else:
            spans.append((segment.start, segment.end))
    return sorted(spans)


def unheard_in(region: Span, heard: Sequence[tuple[float, float]]) -> list[Span]:
    """Stretches (samples) of a speech region that no heard word covers, each long enough."""
    start, end = region[0] / SAMPLE_RATE, region[1] / SAMPLE_RATE
    cursor, found = start, []
    for word_start, word_end in heard:
        if word_end + WORD_SLACK_SECONDS <= cursor or word_start - WORD_SLACK_SECONDS >= end:
            continue
        if word_start - WORD_SLACK_SECONDS - cursor >= MIN_UNHEARD_SECONDS:
            found.append((cursor, word_start - WORD_SLACK_SECONDS))
        cursor = max(cursor, word_end + WORD_SLACK_SECONDS)
    if end - cursor >= MIN_UNHEARD_SECONDS:
        found.append((cursor, end))
    return [(int(a * SAMPLE_RATE), int(b * SAMPLE_RATE)) for a, b in found]


def unheard_spans(window: Window, segments: Sequence[Segment]) -> list[Span]:
    """Stretches of a window's speech regions that none of `segments` covers."""
    heard = _heard_intervals(segments)
    return [gap for region in window.spans for gap in unheard_in(region, heard)]


def speech_gaps(
    windows: Iterable[Window], segments: Sequence[Segment], speaker: Speaker
) -> list[Gap]:
    """Gaps of one channel: speech regions (or parts) that no segment of `speaker` covers."""
    own = [s for s in segments if s.speaker == speaker]
    return [
        Gap(start / SAMPLE_RATE, end / SAMPLE_RATE, speaker)
        for window in windows
        for start, end in unheard_spans(window, own)
    ]
