"""Redaction of personal data from transcripts: what was found where, never what it said."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from qa.domain.redaction.cues import Kind
from qa.domain.redaction.detect import find_in_stream
from qa.domain.redaction.exchange import asked_segments, split_cards, stream_asks
from qa.domain.redaction.tokens import Token, segment_tokens, speaker_streams
from qa.domain.transcript import Segment, Transcript, Word

__all__ = [
    "EXTRA_KEY",
    "Finding",
    "Kind",
    "RedactionPolicy",
    "RedactionResult",
    "describe",
    "detect",
    "policy_from_settings",
    "redact_transcript",
    "redaction_complete",
    "recorded_findings",
]
EXTRA_KEY = "redactions"
# Kinds read out as digits, whose stray digit words are hidden with them.
DIGIT_KINDS = frozenset({Kind.CARD, Kind.CVV, Kind.EXPIRY, Kind.SSN, Kind.PHONE})
_DIGIT_WORD = re.compile(r"[-,.\s]*\d+(?:[-,.\s]+\d+)*[-,.\s]*")
DEFAULT_PAD_MS = 250


@dataclass(frozen=True, slots=True)
class Finding:
    """Where personal data was: its kind, segment and time span; never its text."""

    kind: Kind
    segment: int
    start: float
    end: float
    reliable: bool  # False when the segment has no word times: the span is the whole segment

    def to_dict(self) -> dict[str, Any]:
        """The record kept in Transcript.extra["redactions"]."""
        return {
            "kind": self.kind.value,
            "segment": self.segment,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "reliable": self.reliable,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Finding:
        """Read a record written by `to_dict` (a missing segment reads as -1)."""
        return cls(
            kind=Kind(str(raw["kind"])),
            segment=int(raw.get("segment", -1)),
            start=float(raw["start"]),
            end=float(raw["end"]),
            reliable=bool(raw.get("reliable", False)),
        )


@dataclass(frozen=True, slots=True)
class RedactionPolicy:
    """What to redact (qa.toml [redaction]) and how the audio copy is made."""

    kinds: frozenset[Kind] = frozenset(Kind)
    pad_ms: int = DEFAULT_PAD_MS  # silence added before and after each span, in milliseconds
    keep_original_for_admins: bool = False


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """A redacted transcript and the findings that were hidden in it."""

    transcript: Transcript
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class _Placement:
    """A finding with the characters and words it covers in its segment."""

    finding: Finding
    chars: tuple[int, int]
    words: tuple[int, int] | None


def policy_from_settings(section: Mapping[str, Any]) -> RedactionPolicy:
    """The policy in a [redaction] settings table; ValueError names a bad key or kind."""
    known = {"kinds", "pad_ms", "keep_original_for_admins"}
    for key in section:
        if key not in known:
            raise ValueError(f"unknown key {key!r} (expected one of {', '.join(sorted(known))})")
    names = section.get("kinds", [k.value for k in Kind])
    valid = {k.value for k in Kind}
    for name in names:
        if str(name) not in valid:
            raise ValueError(f"unknown kind {name!r} (expected some of {', '.join(sorted(valid))})")
    pad_ms = int(section.get("pad_ms", DEFAULT_PAD_MS))
    if pad_ms < 0:
        raise ValueError("pad_ms must be 0 or more milliseconds")
    keep = bool(section.get("keep_original_for_admins", False))
    return RedactionPolicy(frozenset(Kind(str(n)) for n in names), pad_ms, keep)


def _place(kind: Kind, tokens: list[Token], segment: Segment) -> _Placement:
    mapped = [t.word for t in tokens if t.word is not None]
    content = [t for t in tokens if t.kind != "symbol"]
    reliable = bool(segment.words) and all(t.word is not None for t in content)
    words = (min(mapped), max(mapped)) if mapped else None
    if words is not None and kind in DIGIT_KINDS:
        words = _with_stray_digits(segment, tokens[0].segment, words)
    if reliable and words is not None:
        start, end = segment.words[words[0]].start, segment.words[words[1]].end
    else:
        start, end = segment.start, segment.end
    finding = Finding(kind, tokens[0].segment, start, end, reliable and words is not None)
    return _Placement(finding, _balanced(segment.text, tokens[0].start, tokens[-1].end), words)


def _with_stray_digits(segment: Segment, index: int, words: tuple[int, int]) -> tuple[int, int]:
    """The word range widened over next-door words of bare digits that no text token matches.

    Whisper's words and text can disagree: "4 -1-1-1-1" as text, nineteen "-1" words. The
    words beyond the text are the same number and are hidden (and silenced) with it.
    """
    aligned = {t.word for t in segment_tokens(index, segment) if t.word is not None}

    def stray(k: int) -> bool:
        return k not in aligned and bool(_DIGIT_WORD.fullmatch(segment.words[k].text))

    first, last = words
    while first > 0 and stray(first - 1):
        first -= 1
    while last + 1 < len(segment.words) and stray(last + 1):
        last += 1
    return first, last


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened over a bracket it would otherwise leave open: "(555) 212-3456"."""
    if start > 0 and text[start - 1] == "(" and ")" in text[start:end]:
        start -= 1
    if text[end : end + 1] == ")" and "(" in text[start:end]:
        end += 1
    return start, end


def _place_all(kind: Kind, covered: list[Token], transcript: Transcript) -> list[_Placement]:
    return [
        _place(kind, list(part), transcript.segments[index])
        for index, part in groupby(covered, key=lambda t: t.segment)
    ]


def _found(transcript: Transcript) -> list[tuple[Kind, list[Token]]]:
    """Every finding with the tokens it covers: per speaker, then cards read across turns."""
    found: list[tuple[Kind, list[Token]]] = []
    asked = asked_segments(transcript)
    for stream in speaker_streams(transcript):
        for hit in find_in_stream(stream, stream_asks(stream, asked)):
            found.append((hit.kind, stream[hit.first : hit.last + 1]))
    claimed = {(t.segment, t.start): kind for kind, covered in found for t in covered}
    cards = split_cards(transcript, claimed)
    retaken = {(t.segment, t.start) for part in cards for t in part}
    kept = [(k, c) for k, c in found if not retaken.intersection((t.segment, t.start) for t in c)]
    return kept + [(Kind.CARD, part) for part in cards]


def _placements(transcript: Transcript, kinds: frozenset[Kind]) -> list[_Placement]:
    placed = [
        placement
        for kind, covered in _found(transcript)
        if kind in kinds
        for placement in _place_all(kind, covered, transcript)
    ]
    return sorted(placed, key=lambda p: (p.finding.segment, p.chars))


def detect(transcript: Transcript, kinds: Iterable[Kind] = tuple(Kind)) -> tuple[Finding, ...]:
    """Every piece of personal data in a transcript, in order (one finding per segment part)."""
    return tuple(p.finding for p in _placements(transcript, frozenset(kinds)))


def _redact_words(words: tuple[Word, ...], placed: list[_Placement]) -> tuple[Word, ...]:
    out = list(words)
    ranges = sorted((p.words, p.finding.kind) for p in placed if p.words is not None)
    for (first, last), kind in reversed(ranges):
        last = min(last, len(out) - 1)
        if first <= last:
            out[first : last + 1] = [Word(out[first].start, out[last].end, kind.label)]
    return tuple(out)


def _redact_segment(segment: Segment, placed: list[_Placement]) -> Segment:
    text = segment.text
    for p in sorted(placed, key=lambda p: p.chars, reverse=True):
        text = text[: p.chars[0]] + p.finding.kind.label + text[p.chars[1] :]
    return replace(segment, text=text, words=_redact_words(segment.words, placed))


def recorded_findings(transcript: Transcript) -> tuple[Finding, ...]:
    """The findings a past redaction recorded in the transcript (empty when none)."""
    raw = transcript.extra.get(EXTRA_KEY) or []
    return tuple(Finding.from_dict(r) for r in raw if isinstance(r, Mapping))


def redact_transcript(transcript: Transcript, policy: RedactionPolicy) -> RedactionResult:
    """The transcript with personal data replaced by [CARD], [CVV], ... in text and words.

    Findings of earlier runs stay recorded, so redacting twice loses nothing.
    """
    placed = _placements(transcript, policy.kinds)
    segments = list(transcript.segments)
    for index, group in groupby(placed, key=lambda p: p.finding.segment):
        segments[index] = _redact_segment(segments[index], list(group))
    findings = tuple(p.finding for p in placed)
    records = [f.to_dict() for f in (*recorded_findings(transcript), *findings)]
    unique = list({(r["kind"], r["segment"], r["start"], r["end"]): r for r in records}.values())
    extra = {**transcript.extra, EXTRA_KEY: unique}
    return RedactionResult(replace(transcript, segments=tuple(segments), extra=extra), findings)


def redaction_complete(transcript: Transcript) -> bool:
    """False when some finding has no reliable word times, so its audio span is uncertain."""
    return all(f.reliable for f in recorded_findings(transcript))


def describe(finding: Finding) -> str:
    """What a supervisor reads: "card number redacted at 02:14"."""
    minutes, seconds = divmod(int(finding.start), 60)
    where = f"{minutes:02d}:{seconds:02d}"
    note = "" if finding.reliable else " (no word times: whole segment, audio not redacted exactly)"
    return f"{finding.kind.description} redacted at {where}{note}"
