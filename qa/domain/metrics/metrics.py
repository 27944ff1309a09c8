"""Call metrics supervisors ask for: talk time, silence and hold, overtalk, pace, pitch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from qa.domain.transcript import Transcript

Interval = tuple[float, float]  # (start, end) in seconds from the start of the recording

# Below 2 semitones of pitch standard deviation, agent speech reads as monotone. Conversational
# English F0 typically spreads about 2-4 semitones; liveliness ratings follow F0 excursion in
# semitones (Traunmueller & Eriksson 1995, "The perceptual evaluation of F0 excursions in speech
# as evidenced in liveliness estimations", JASA 97(3)); Hincks 2005 ("Measures and perceptions of
# liveliness in student oral presentation speech") uses the same pitch-spread idea to flag
# monotone delivery. A heuristic, not a diagnosis: it flags calls for a listen.
MONOTONE_SEMITONES = 2.0
# Fewer agent seconds than this give no meaningful speaking rate.
MIN_RATE_SECONDS = 5.0
# Pauses between one speaker's words up to this long count as talk, not silence (the same
# hangover the audio path applies), so word-level timings do not inflate silence.
PAUSE_BRIDGE_SECONDS = 0.3


@dataclass(frozen=True, slots=True)
class PitchStats:
    """Pitch of one speaker's voiced frames: median in Hz, spread in semitones."""

    median_hz: float
    variation_semitones: float  # standard deviation of 12*log2(f0 / median)
    voiced_seconds: float


@dataclass(frozen=True, slots=True)
class CallMetrics:
    """Contact-centre KPIs of one call; None where the input could not tell."""

    duration: float  # seconds of recording
    talk_time: dict[str, float] = field(default_factory=dict)  # seconds per speaker
    talk_ratio: float | None = None  # agent share of agent + customer talk time, 0-1
    total_silence: float = 0.0  # seconds nobody speaks, between first and last speech
    longest_silence: float = 0.0  # the longest such stretch (a hold or dead air)
    overtalk: float = 0.0  # seconds two or more speakers talk at once
    agent_wpm: float | None = None  # agent words per minute of agent talk time
    agent_pitch_variation_semitones: float | None = None
    monotone: bool | None = None  # pitch variation below MONOTONE_SEMITONES
    source: str = ""  # "audio" or "transcript": where the speech intervals came from

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times rounded to milliseconds)."""
        out = asdict(self)
        out["talk_time"] = {k: round(v, 3) for k, v in self.talk_time.items()}
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> CallMetrics:
        """Read `to_dict` output back; unknown keys are ignored."""
        values = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        talk = dict(raw.get("talk_time") or {})
        values["talk_time"] = {str(k): float(v) for k, v in talk.items()}
        return cls(**values)


def merge_intervals(intervals: Iterable[Interval], bridge: float = 0.0) -> list[Interval]:
    """Union of intervals, sorted; gaps of `bridge` seconds or less are closed."""
    merged: list[Interval] = []
    for start, end in sorted((s, e) for s, e in intervals if e > s):
        if merged and start - merged[-1][1] <= bridge:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def total_length(intervals: Iterable[Interval]) -> float:
    """Seconds covered by the union of the intervals."""
    return sum(end - start for start, end in merge_intervals(intervals))


def overlap_seconds(per_speaker: Mapping[str, Iterable[Interval]]) -> float:
    """Seconds during which two or more speakers talk at once (a sorted sweep over edges)."""
    edges: list[tuple[float, int]] = []
    for intervals in per_speaker.values():
        for start, end in merge_intervals(intervals):
            edges += [(start, 1), (end, -1)]
    edges.sort()  # at equal times the end (-1) sorts first: touching spans do not overlap
    active, since, overlap = 0, 0.0, 0.0
    for time, step in edges:
        if active >= 2:
            overlap += time - since
        active += step
        since = time
    return overlap


def silences(speech: Iterable[Interval]) -> list[Interval]:
    """Gaps where nobody speaks, between the first and the last speech."""
    merged = merge_intervals(speech)
    return [(a[1], b[0]) for a, b in zip(merged, merged[1:], strict=False)]


def _clip(intervals: Iterable[Interval], duration: float) -> list[Interval]:
    limit = duration if duration > 0 else float("inf")
    return [(max(0.0, s), min(limit, e)) for s, e in intervals if min(limit, e) > max(0.0, s)]


def _talk_ratio(talk: Mapping[str, float]) -> float | None:
    both = talk.get("agent", 0.0) + talk.get("customer", 0.0)
    return talk.get("agent", 0.0) / both if both > 0 and "agent" in talk else None


def _wpm(agent_words: int | None, agent_seconds: float) -> float | None:
    if agent_words is None or agent_seconds < MIN_RATE_SECONDS:
        return None
    return agent_words / (agent_seconds / 60.0)


def metrics_from_speech(
    intervals: Mapping[str, Iterable[Interval]],
    duration: float,
    agent_words: int | None,
    pitch: PitchStats | None,
    source: str = "audio",
) -> CallMetrics:
    """Metrics from speech intervals per speaker, the agent's word count and pitch statistics."""
    per_speaker = {who: merge_intervals(_clip(spans, duration)) for who, spans in intervals.items()}
    talk = {who: total_length(spans) for who, spans in per_speaker.items()}
    gaps = silences(span for spans in per_speaker.values() for span in spans)
    variation = pitch.variation_semitones if pitch else None
    return CallMetrics(
        duration=duration,
        talk_time=talk,
        talk_ratio=_talk_ratio(talk),
        total_silence=sum(end - start for start, end in gaps),
        longest_silence=max((end - start for start, end in gaps), default=0.0),
        overtalk=overlap_seconds(per_speaker),
        agent_wpm=_wpm(agent_words, talk.get("agent", 0.0)),
        agent_pitch_variation_semitones=variation,
        monotone=None if variation is None else variation < MONOTONE_SEMITONES,
        source=source,
    )


def intervals_from_transcript(transcript: Transcript) -> dict[str, list[Interval]]:
    """Speech intervals per speaker from a transcript: word times where known, else segments."""
    out: dict[str, list[Interval]] = {}
    for seg in transcript.segments:
        spans = [(w.start, w.end) for w in seg.words] or [(seg.start, seg.end)]
        out.setdefault(seg.speaker, []).extend(spans)
    return {who: merge_intervals(spans, PAUSE_BRIDGE_SECONDS) for who, spans in out.items()}


def voice_separated(transcript: Transcript | None) -> bool:
    """True when the call's speakers were told apart by their voices, not by channels."""
    separation = transcript.speakers if transcript is not None else None
    return separation is not None and separation.method == "diarization"


def separated_intervals(transcript: Transcript) -> dict[str, list[Interval]]:
    """Speech per speaker from a transcript; stretches the voice separation marked as both
    speaking at once (`overlapping_speech`) count for agent and customer alike (overtalk)."""
    out = intervals_from_transcript(transcript)
    both = [(float(s), float(e)) for s, e in transcript.extra.get("overlapping_speech") or []]
    if not both:
        return out
    return {
        who: merge_intervals([*out.get(who, []), *both], PAUSE_BRIDGE_SECONDS)
        for who in ("agent", "customer")
    } | {who: spans for who, spans in out.items() if who not in ("agent", "customer")}


def agent_word_count(transcript: Transcript) -> int | None:
    """Words the agent said (recognised words, else the text's); None with no agent segment."""
    agent = [s for s in transcript.segments if s.speaker == "agent"]
    return sum(len(s.words) or len(s.text.split()) for s in agent) if agent else None


def metrics_from_transcript(transcript: Transcript, pitch: PitchStats | None = None) -> CallMetrics:
    """The fallback when only a transcript is at hand: timings come from its words or segments."""
    duration = transcript.duration or transcript.last_speech
    intervals = intervals_from_transcript(transcript)
    words = agent_word_count(transcript)
    return metrics_from_speech(intervals, duration, words, pitch, source="transcript")


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """A metric a rubric item may test: its label and unit for reasons, and how to read it."""

    label: str
    unit: str  # "s", "wpm", "st" (semitones) or "" for a share 0-1

    def format(self, value: float) -> str:
        """The value as a supervisor reads it: seconds, words per minute, semitones or percent."""
        if not self.unit:
            return f"{value * 100:.0f}%"
        return f"{value:.1f} {self.unit}"


METRICS: dict[str, MetricSpec] = {
    "talk_time_agent": MetricSpec("agent talk time", "s"),
    "talk_time_customer": MetricSpec("customer talk time", "s"),
    "talk_ratio": MetricSpec("agent share of talk time", ""),
    "total_silence": MetricSpec("total silence", "s"),
    "longest_silence": MetricSpec("longest silence", "s"),
    "overtalk": MetricSpec("overtalk", "s"),
    "agent_wpm": MetricSpec("agent speaking rate", "wpm"),
    "agent_pitch_variation": MetricSpec("agent pitch variation", "st"),
}
METRIC_NAMES: tuple[str, ...] = tuple(METRICS)


def metric_value(metrics: CallMetrics, name: str) -> float | None:
    """The named metric of a call (None when unknown); ValueError for a name not in METRIC_NAMES."""
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRIC_NAMES)}")
    if name.startswith("talk_time_"):
        return metrics.talk_time.get(name.removeprefix("talk_time_"))
    if name == "agent_pitch_variation":
        return metrics.agent_pitch_variation_semitones
    value: float | None = getattr(metrics, name)
    return value


def metric_verdict(
    metrics: CallMetrics, name: str, minimum: float | None, maximum: float | None
) -> tuple[bool | None, str]:
    """Whether a call's metric lies within [minimum, maximum], and the reason in words.

    None means the metric is unknown for this call (e.g. no agent channel, no pitch): the rubric
    should call the item uncertain rather than fail it.
    """
    value = metric_value(metrics, name)  # rejects unknown names first
    spec = METRICS[name]
    if value is None:
        return None, f"{spec.label} is unknown for this call"
    shown = spec.format(value)
    if maximum is not None and value > maximum:
        return False, f"{spec.label} {shown} is over the maximum of {spec.format(maximum)}"
    if minimum is not None and value < minimum:
        return False, f"{spec.label} {shown} is under the minimum of {spec.format(minimum)}"
    return True, f"{spec.label} {shown} is within limits"
