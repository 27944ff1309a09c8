"""Transcripts as typed records, and the `qa-transcript/1` JSON format they read and write."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

TRANSCRIPT_FORMAT = "qa-transcript/1"
Speaker = Literal["agent", "customer", "unknown"]
SPEAKERS: tuple[Speaker, ...] = ("agent", "customer", "unknown")


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word; times in seconds from the start of the recording."""

    start: float
    end: float
    text: str
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of speech by one speaker."""

    start: float
    end: float
    speaker: Speaker
    text: str
    confidence: float | None = None
    words: tuple[Word, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch where voice activity was heard but no words could be transcribed."""

    start: float
    end: float
    speaker: Speaker = "unknown"

    @property
    def seconds(self) -> float:
        """How long the untranscribed stretch lasts."""
        return self.end - self.start


SeparationMethod = Literal["channels", "diarization", "none"]
SEPARATION_METHODS: tuple[SeparationMethod, ...] = ("channels", "diarization", "none")


@dataclass(frozen=True, slots=True)
class SpeakerSeparation:
    """How agent and customer were told apart, and how sure that is (0-1, None when unknown)."""

    method: SeparationMethod
    confidence: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Transcript:
    """A whole call: segments in time order, with the engine and vocabulary that made it."""

    segments: tuple[Segment, ...]
    duration: float = 0.0
    language: str = "en"
    engine: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    gaps: tuple[Gap, ...] = ()
    speakers: SpeakerSeparation | None = None

    @property
    def is_mono(self) -> bool:
        """True when no segment carries a speaker label (a mono recording)."""
        return all(s.speaker == "unknown" for s in self.segments)

    @property
    def first_speech(self) -> float:
        """Time of the first segment, from which `within` windows count."""
        return min((s.start for s in self.segments), default=0.0)

    @property
    def last_speech(self) -> float:
        """Time the last segment ends."""
        return max((s.end for s in self.segments), default=0.0)

    def with_segments(self, segments: tuple[Segment, ...]) -> Transcript:
        """A copy with other segments (sorted by start time)."""
        return replace(self, segments=tuple(sorted(segments, key=lambda s: (s.start, s.end))))


def segment_of_words(segment: Segment, words: Sequence[Word]) -> Segment:
    """A piece of `segment` made of some of its words: times, text and confidence from them."""
    known = [w.confidence for w in words if w.confidence is not None]
    return replace(
        segment,
        start=words[0].start,
        end=words[-1].end,
        text=" ".join(w.text for w in words),
        confidence=sum(known) / len(known) if known else segment.confidence,
        words=tuple(words),
    )


def _word_to_dict(word: Word) -> dict[str, Any]:
    out: dict[str, Any] = {
        "start": round(word.start, 3),
        "end": round(word.end, 3),
        "text": word.text,
    }
    if word.confidence is not None:
        out["confidence"] = round(word.confidence, 4)
    return out


def _segment_to_dict(seg: Segment) -> dict[str, Any]:
    out: dict[str, Any] = {
        "start": round(seg.start, 3),
        "end": round(seg.end, 3),
        "speaker": seg.speaker,
        "text": seg.text,
    }
    if seg.confidence is not None:
        out["confidence"] = round(seg.confidence, 4)
    if seg.words:
        out["words"] = [_word_to_dict(w) for w in seg.words]
    return out


def _gap_to_dict(gap: Gap) -> dict[str, Any]:
    return {"start": round(gap.start, 3), "end": round(gap.end, 3), "speaker": gap.speaker}


def _separation_to_dict(separation: SpeakerSeparation) -> dict[str, Any]:
    out: dict[str, Any] = {"method": separation.method}
    if separation.confidence is not None:
        out["confidence"] = round(separation.confidence, 4)
    if separation.note:
        out["note"] = separation.note
    return out


def transcript_to_dict(transcript: Transcript) -> dict[str, Any]:
    """The `qa-transcript/1` JSON object for a transcript."""
    out: dict[str, Any] = {
        "format": TRANSCRIPT_FORMAT,
        "language": transcript.language,
        "duration": round(transcript.duration, 3),
        "engine": transcript.engine,
        "segments": [_segment_to_dict(s) for s in transcript.segments],
    }
    if transcript.gaps:
        out["gaps"] = [_gap_to_dict(g) for g in transcript.gaps]
    if transcript.speakers is not None:
        out["speakers"] = _separation_to_dict(transcript.speakers)
    out.update({k: v for k, v in transcript.extra.items() if k not in out})
    return out


# How far past the stated duration a time may lie: engines round segment ends up a little.
DURATION_TOLERANCE = 1.0  # seconds


def _float(raw: dict[str, Any], key: str, where: str) -> float:
    try:
        value = float(raw[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: '{key}' must be a number of seconds") from exc
    if not math.isfinite(value):
        raise ValueError(f"{where}: '{key}' must be a finite number of seconds (got {value})")
    return value


def _optional_float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"confidence must be a number (got {value!r})") from exc
    return number if math.isfinite(number) else None


def _object(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be an object with start, end and text (got {raw!r:.40})")
    return raw


def check_span(start: float, end: float, where: str, duration: float | None = None) -> None:
    """Refuse times no recording can have: not finite, negative, ending before they start,
    or (given the duration) past the end of the recording."""
    if not (math.isfinite(start) and math.isfinite(end)):
        raise ValueError(f"{where}: times must be finite numbers of seconds")
    if start < 0:
        raise ValueError(f"{where}: starts before the recording ({start:g} s)")
    if end < start:
        raise ValueError(f"{where}: ends ({end:g} s) before it starts ({start:g} s)")
    if duration is not None and end > duration + DURATION_TOLERANCE:
        raise ValueError(f"{where}: ends at {end:g} s, after the recording ({duration:g} s)")


def check_times(transcript: Transcript, recording: float | None = None) -> Transcript:
    """The transcript unchanged when every segment, word and gap lies inside the recording
    (`recording` seconds long, else the transcript's own duration); ValueError naming the
    first that does not."""
    if not math.isfinite(transcript.duration) or transcript.duration < 0:
        raise ValueError(f"duration must be a finite number of seconds (got {transcript.duration})")
    duration = recording or (transcript.duration if transcript.duration > 0 else None)
    for index, seg in enumerate(transcript.segments):
        check_span(seg.start, seg.end, f"segment {index}", duration)
        for j, word in enumerate(seg.words):
            check_span(word.start, word.end, f"segment {index} word {j}", duration)
    for index, gap in enumerate(transcript.gaps):
        check_span(gap.start, gap.end, f"gap {index}", duration)
    return transcript


def _speaker(value: Any, where: str) -> Speaker:
    speaker = "unknown" if value is None else str(value)
    for known in SPEAKERS:
        if known == speaker:
            return known
    raise ValueError(f"{where}: speaker must be one of agent, customer, unknown (got {speaker!r})")


def _word_from_dict(raw: Any, where: str) -> Word:
    raw = _object(raw, where)
    return Word(
        start=_float(raw, "start", where),
        end=_float(raw, "end", where),
        text=str(raw.get("text", raw.get("word", ""))).strip(),
        confidence=_optional_float(raw.get("confidence", raw.get("probability"))),
    )


def _segment_from_dict(raw: Any, index: int) -> Segment:
    where = f"segment {index}"
    raw = _object(raw, where)
    words = tuple(
        _word_from_dict(w, f"{where} word {j}") for j, w in enumerate(raw.get("words") or [])
    )
    return Segment(
        start=_float(raw, "start", where),
        end=_float(raw, "end", where),
        speaker=_speaker(raw.get("speaker"), where),
        text=str(raw.get("text", "")).strip(),
        confidence=_optional_float(raw.get("confidence")),
        words=words,
    )


def _gap_from_dict(raw: Any, index: int) -> Gap:
    where = f"gap {index}"
    raw = _object(raw, where)
    return Gap(
        start=_float(raw, "start", where),
        end=_float(raw, "end", where),
        speaker=_speaker(raw.get("speaker"), where),
    )


def _separation_from_dict(raw: Any) -> SpeakerSeparation | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValueError("speakers: an object with method and confidence")
    method = str(raw.get("method", "none"))
    for known in SEPARATION_METHODS:
        if known == method:
            return SpeakerSeparation(
                known, _optional_float(raw.get("confidence")), str(raw.get("note", ""))
            )
    raise ValueError(f"speakers: method must be channels, diarization or none (got {method!r})")


def transcript_from_dict(raw: dict[str, Any]) -> Transcript:
    """Read a `qa-transcript/1` object; raises ValueError saying what is wrong and where."""
    if raw.get("format") != TRANSCRIPT_FORMAT:
        raise ValueError(f"format must be {TRANSCRIPT_FORMAT!r} (got {raw.get('format')!r})")
    segments = tuple(_segment_from_dict(s, i) for i, s in enumerate(_list(raw, "segments")))
    gaps = tuple(_gap_from_dict(g, i) for i, g in enumerate(_list(raw, "gaps")))
    known = {"format", "language", "duration", "engine", "segments", "gaps", "speakers"}
    last = max((s.end for s in segments), default=0.0)
    duration = _float(raw, "duration", "transcript") if raw.get("duration") else last
    transcript = Transcript(
        segments=tuple(sorted(segments, key=lambda s: (s.start, s.end))),
        duration=duration,
        language=str(raw.get("language") or "en"),
        engine=str(raw.get("engine") or ""),
        extra={k: v for k, v in raw.items() if k not in known},
        gaps=tuple(sorted(gaps, key=lambda g: (g.start, g.end))),
        speakers=_separation_from_dict(raw.get("speakers")),
    )
    return check_times(transcript)


def _list(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"'{key}' must be a list (got {type(value).__name__})")
    return value
