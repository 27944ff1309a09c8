"""Transcripts as typed records, and the `qa-transcript/1` JSON format they read and write."""

from __future__ import annotations

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
class Transcript:
    """A whole call: segments in time order, with the engine and vocabulary that made it."""

    segments: tuple[Segment, ...]
    duration: float = 0.0
    language: str = "en"
    engine: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

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


def transcript_to_dict(transcript: Transcript) -> dict[str, Any]:
    """The `qa-transcript/1` JSON object for a transcript."""
    out: dict[str, Any] = {
        "format": TRANSCRIPT_FORMAT,
        "language": transcript.language,
        "duration": round(transcript.duration, 3),
        "engine": transcript.engine,
        "segments": [_segment_to_dict(s) for s in transcript.segments],
    }
    out.update({k: v for k, v in transcript.extra.items() if k not in out})
    return out


def _float(raw: dict[str, Any], key: str, where: str) -> float:
    try:
        return float(raw[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: '{key}' must be a number of seconds") from exc


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _speaker(value: Any, where: str) -> Speaker:
    speaker = "unknown" if value is None else str(value)
    for known in SPEAKERS:
        if known == speaker:
            return known
    raise ValueError(f"{where}: speaker must be one of agent, customer, unknown (got {speaker!r})")


def _word_from_dict(raw: dict[str, Any], where: str) -> Word:
    return Word(
        start=_float(raw, "start", where),
        end=_float(raw, "end", where),
        text=str(raw.get("text", raw.get("word", ""))).strip(),
        confidence=_optional_float(raw.get("confidence", raw.get("probability"))),
    )


def _segment_from_dict(raw: dict[str, Any], index: int) -> Segment:
    where = f"segment {index}"
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


def transcript_from_dict(raw: dict[str, Any]) -> Transcript:
    """Read a `qa-transcript/1` object; raises ValueError saying what is wrong and where."""
    if raw.get("format") != TRANSCRIPT_FORMAT:
        raise ValueError(f"format must be {TRANSCRIPT_FORMAT!r} (got {raw.get('format')!r})")
    segments = tuple(_segment_from_dict(s, i) for i, s in enumerate(raw.get("segments") or []))
    known = {"format", "language", "duration", "engine", "segments"}
    duration = float(raw.get("duration") or max((s.end for s in segments), default=0.0))
    return Transcript(
        segments=tuple(sorted(segments, key=lambda s: (s.start, s.end))),
        duration=duration,
        language=str(raw.get("language") or "en"),
        engine=str(raw.get("engine") or ""),
        extra={k: v for k, v in raw.items() if k not in known},
    )
