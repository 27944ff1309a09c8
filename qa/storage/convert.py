"""Converters between table rows and domain records (the only place that knows both shapes)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any, cast

from qa.domain.agents import Agent
from qa.domain.call import AudioInfo, Call, CallMeta, ReviewStatus, TranscriptState
from qa.domain.paths import printable_path as printable_path  # moved; still importable here
from qa.domain.scorecard import Evidence, ItemResult, RubricRef, Scorecard, Verdict
from qa.domain.transcript import Gap, Segment, Speaker, Transcript, Word, transcript_from_dict
from qa.storage.tables.tables import (
    AgentRow,
    CallRow,
    ItemResultRow,
    RubricRow,
    ScorecardRow,
    SegmentRow,
)


def as_utc(moment: datetime | None) -> datetime | None:
    """A time in UTC; naive times (SQLite gives those back) are taken to be UTC already."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def agent_to_row(agent: Agent) -> AgentRow:
    """The row for an agent."""
    return AgentRow(
        id=agent.id,
        name=agent.name,
        aliases=list(agent.aliases),
        login=agent.login,
        team=agent.team,
    )


def agent_from_row(row: AgentRow) -> Agent:
    """The agent a row holds."""
    return Agent(
        id=row.id, name=row.name, aliases=tuple(row.aliases), login=row.login, team=row.team
    )


def meta_columns(meta: CallMeta) -> dict[str, Any]:
    """The call columns that hold metadata."""
    return {
        "call_ref": meta.call_id,
        "agent_id": meta.agent,
        "started_at": as_utc(meta.started_at),
        "queue": meta.queue,
        "direction": meta.direction,
        "offers": list(meta.offers),
        "extra": dict(meta.extra),
    }


def audio_columns(audio: AudioInfo | None) -> dict[str, Any]:
    """The call columns that hold what probing found."""
    if audio is None:
        return {"readable": False, "duration": None, "channels": None, "sample_rate": None}
    return {
        "readable": True,
        "duration": audio.duration,
        "channels": audio.channels,
        "sample_rate": audio.sample_rate,
        "codec": audio.codec,
    }


def call_from_row(row: CallRow, score: float | None = None, card_state: str | None = None) -> Call:
    """The call a row holds, with the score and state of its current scorecard."""
    audio = None
    if row.readable:
        audio = AudioInfo(
            duration=row.duration or 0.0,
            channels=row.channels or 0,
            sample_rate=row.sample_rate or 0,
            codec=row.codec,
        )
    meta = CallMeta(
        call_id=row.call_ref,
        agent=row.agent_id,
        started_at=as_utc(row.started_at),
        queue=row.queue,
        direction=row.direction,
        offers=tuple(row.offers),
        extra=dict(row.extra),
    )
    return Call(
        id=row.id or 0,
        path=os.fsdecode(row.path_raw),
        sha256=row.sha256,
        size=row.size,
        meta=meta,
        audio=audio,
        problem=row.problem or row.transcript_problem,
        status=ReviewStatus(row.status),
        transcript_state=TranscriptState(row.transcript_state),
        score=score,
        score_final=card_state == "final",
    )


def word_to_dict(word: Word) -> dict[str, Any]:
    """A word as stored in a segment's JSON."""
    return {"start": word.start, "end": word.end, "text": word.text, "confidence": word.confidence}


def segment_to_row(transcript_id: int, position: int, segment: Segment) -> SegmentRow:
    """The row for one segment."""
    return SegmentRow(
        transcript_id=transcript_id,
        position=position,
        start=segment.start,
        end=segment.end,
        speaker=segment.speaker,
        text=segment.text,
        confidence=segment.confidence,
        words=[word_to_dict(w) for w in segment.words],
    )


def transcript_from_rows(head: dict[str, Any], segments: list[SegmentRow]) -> Transcript:
    """Rebuild a transcript from its row fields and its segment rows (validated on the way)."""
    raw = {
        **head["extra"],
        "format": "qa-transcript/1",
        "language": head["language"],
        "duration": head["duration"],
        "engine": head["engine"],
        "segments": [
            {
                "start": s.start,
                "end": s.end,
                "speaker": s.speaker,
                "text": s.text,
                "confidence": s.confidence,
                "words": s.words,
            }
            for s in segments
        ],
    }
    return transcript_from_dict(raw)


def item_to_row(scorecard_id: int, position: int, item: ItemResult) -> ItemResultRow:
    """The row for one item verdict (automatic and current verdict start equal)."""
    return ItemResultRow(
        scorecard_id=scorecard_id,
        position=position,
        item_id=item.item_id,
        label=item.label,
        section=item.section,
        points=item.points,
        critical=item.critical,
        auto_verdict=item.verdict.value,
        verdict=item.verdict.value,
        reason=item.reason,
        hint=item.hint,
        evidence=[e.to_dict() for e in item.evidence],
    )


def item_from_row(row: ItemResultRow) -> ItemResult:
    """The current verdict on one item."""
    return ItemResult(
        item_id=row.item_id,
        label=row.label,
        section=row.section,
        verdict=Verdict(row.verdict),
        points=row.points,
        critical=row.critical,
        reason=row.reason,
        evidence=tuple(Evidence.from_dict(e) for e in row.evidence),
        hint=row.hint,
    )


def scorecard_from_rows(
    row: ScorecardRow, rubric: RubricRow, items: list[ItemResultRow]
) -> Scorecard:
    """A scorecard with its current verdicts."""
    return Scorecard(
        rubric=RubricRef(name=rubric.name, version=rubric.version, sha256=rubric.sha256),
        items=tuple(item_from_row(i) for i in items),
        pass_mark=row.pass_mark,
        call=dict(row.call_meta),
        gaps=tuple(gap_from_json(g) for g in row.gaps),
    )


def gap_to_json(gap: Gap) -> dict[str, Any]:
    """A scorecard's gap as its row keeps it."""
    return {"start": gap.start, "end": gap.end, "speaker": gap.speaker}


def gap_from_json(raw: dict[str, Any]) -> Gap:
    """A gap back from a scorecard row."""
    speaker = cast(Speaker, raw.get("speaker", "unknown"))
    return Gap(float(raw["start"]), float(raw["end"]), speaker)
