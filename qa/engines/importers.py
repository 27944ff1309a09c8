"""Transcripts made elsewhere: qa-transcript/1, Whisper and WhisperX JSON, WebVTT and SRT files."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.domain.transcript import (
    TRANSCRIPT_FORMAT,
    Segment,
    Speaker,
    Transcript,
    Word,
    check_times,
    transcript_from_dict,
)
from qa.errors import BadInputError

# Looked for beside a recording, first found wins.
SUFFIXES = (".transcript.json", ".transcript.vtt", ".vtt", ".transcript.srt", ".srt")
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})"
_CUE_TIMES = re.compile(rf"{_TIME}\s*-->\s*{_TIME}")
_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
SpeakerMap = Mapping[str, str]


def find_transcript_file(recording: Path) -> Path | None:
    """The transcript lying beside a recording (`<stem>.transcript.json`, `.vtt`, `.srt`)."""
    for suffix in SUFFIXES:
        candidate = recording.with_name(recording.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def map_speaker(label: Any, speaker_map: SpeakerMap) -> Speaker:
    """A speaker label from another tool as agent, customer or unknown (via qa.toml [speakers])."""
    text = str(label or "").strip()
    mapped = speaker_map.get(text, text).strip().casefold()
    if mapped in ("agent", "customer"):
        return "agent" if mapped == "agent" else "customer"
    return "unknown"


def _json_word(raw: Any) -> Word | None:
    if not isinstance(raw, dict):
        raise ValueError(f"a word must be an object with start, end and text (got {raw!r:.40})")
    if "start" not in raw or "end" not in raw:  # WhisperX leaves unalignable words untimed
        return None
    score = raw.get("probability", raw.get("score", raw.get("confidence")))
    text = str(raw.get("word", raw.get("text", ""))).strip()
    confidence = float(score) if score is not None else None
    return Word(float(raw["start"]), float(raw["end"]), text, confidence)


def _json_segment(raw: Any, speaker_map: SpeakerMap) -> Segment:
    if not isinstance(raw, dict):
        raise ValueError(f"a segment must be an object with start, end and text (got {raw!r:.40})")
    found = (_json_word(w) for w in raw.get("words") or [])
    words = tuple(w for w in found if w is not None and w.text)
    known = [w.confidence for w in words if w.confidence is not None]
    return Segment(
        start=float(raw["start"]),
        end=float(raw["end"]),
        speaker=map_speaker(raw.get("speaker"), speaker_map),
        text=str(raw.get("text", "")).strip(),
        confidence=sum(known) / len(known) if known else None,
        words=words,
    )


def from_whisper_json(raw: dict[str, Any], speaker_map: SpeakerMap, engine: str) -> Transcript:
    """Whisper's own JSON output, or WhisperX's (whose segments carry speaker labels)."""
    segments = tuple(_json_segment(s, speaker_map) for s in raw["segments"])
    duration = max((s.end for s in segments), default=0.0)
    transcript = Transcript(
        segments=(), duration=duration, language=str(raw.get("language") or "en")
    )
    return _named(transcript.with_segments(segments), engine)


def _named(transcript: Transcript, engine: str) -> Transcript:
    return replace(transcript, engine=transcript.engine or engine)


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, millis = (int(g or 0) for g in groups)
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _cue(block: list[str], speaker_map: SpeakerMap) -> Segment | None:
    for index, line in enumerate(block):
        times = _CUE_TIMES.search(line)
        if times:
            text = " ".join(block[index + 1 :])
            voice = _VOICE.search(text)
            speaker = map_speaker(voice.group(1) if voice else None, speaker_map)
            start, end = _seconds(times.groups()[:4]), _seconds(times.groups()[4:])
            return Segment(start, end, speaker, " ".join(_TAG.sub("", text).split()))
    return None


def from_subtitles(text: str, speaker_map: SpeakerMap, engine: str) -> Transcript:
    """WebVTT (with `<v Name>` voice tags) or SRT cues as segments."""
    blocks = [b.splitlines() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    segments = tuple(s for s in (_cue(b, speaker_map) for b in blocks) if s and s.text)
    duration = max((s.end for s in segments), default=0.0)
    return Transcript(segments=(), duration=duration, engine=engine).with_segments(segments)


def _from_json(raw: Any, speaker_map: SpeakerMap) -> Transcript:
    if isinstance(raw, dict) and raw.get("format") == TRANSCRIPT_FORMAT:
        return _named(transcript_from_dict(raw), "file")
    if isinstance(raw, dict) and isinstance(raw.get("segments"), list):
        kind = "whisperx" if any("speaker" in s for s in raw["segments"]) else "whisper"
        return from_whisper_json(raw, speaker_map, f"file:{kind}")
    raise ValueError(f"not {TRANSCRIPT_FORMAT}, Whisper or WhisperX JSON (no 'segments' list)")


def read_transcript_file(
    path: Path, speaker_map: SpeakerMap | None = None, recording: float | None = None
) -> Transcript:
    """A transcript file in any supported format, its times checked against the recording
    (`recording` seconds long, when known); BadInputError names the file and the problem."""
    speakers = speaker_map or {}
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".json":
            return check_times(_from_json(json.loads(text), speakers), recording)
        subtitles = from_subtitles(text, speakers, f"file:{path.suffix.lstrip('.')}")
        return check_times(subtitles, recording)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInputError(
            f"Cannot read transcript {path}: {exc}.",
            hint="Fix the file or delete it so the call is transcribed from its audio.",
        ) from exc
