"""JSON export: everything about each call — items with evidence, overrides, comments, disputes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from qa.domain.export.records import ExportFilter, ItemRecord, ScoredCall
from qa.domain.scorecard import gap_dict

FORMAT = "qa-export/1"


def _plain(value: Any) -> Any:
    """Dataclass fields made JSON-ready: ISO times, lists for tuples and sets."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(v) for v in (sorted(value) if isinstance(value, frozenset | set) else value)]
    return value


def item_dict(item: ItemRecord) -> dict[str, Any]:
    """One item: current and automatic verdicts, points, reason and evidence (§7 fields)."""
    return {
        "id": item.item_id,
        "label": item.label,
        "section": item.section,
        "verdict": item.verdict.value,
        "auto_verdict": item.auto_verdict.value,
        "points": item.points,
        "earned": item.earned,
        "critical": item.critical,
        "reason": item.reason,
        "hint": item.hint,
        "evidence": [e.to_dict() for e in item.evidence],
    }


def call_dict(call: ScoredCall) -> dict[str, Any]:
    """One call and its current scorecard, as exported."""
    return {
        "call": {
            "id": call.call_id,
            "call_id": call.call_ref,
            "agent": call.agent_id,
            "agent_name": call.agent_name,
            "team": call.team,
            "started_at": _plain(call.started_at),
            "queue": call.queue,
            "duration": call.duration,
            "status": call.status,
        },
        "scorecard": {
            "rubric": {"name": call.rubric_name, "version": call.rubric_version},
            "pass_mark": call.pass_mark,
            "score": call.score,
            "auto_score": call.auto_score,
            "passed": call.passed,
            "auto_fail": call.auto_fail,
            "provisional": call.provisional,
            "score_range": list(call.score_range) if call.score_range else None,
            "state": call.card_state,
            "reviewer": call.reviewer,
            "items": [item_dict(i) for i in call.items],
            "gaps": [gap_dict(g) for g in call.gaps],
        },
        "overrides": [_plain(asdict(o)) for o in call.overrides],
        "comments": [_plain(asdict(c)) for c in call.comments],
        "disputes": [_plain(asdict(d)) for d in call.disputes],
        "metrics": call.metrics.to_dict() if call.metrics else None,
    }


def write_json(
    calls: Sequence[ScoredCall], path: Path, where: ExportFilter, exported_at: datetime
) -> None:
    """Write the calls to `path` as one JSON document."""
    document = {
        "format": FORMAT,
        "exported_at": exported_at.isoformat(),
        "filter": _plain(asdict(where)),
        "calls": [call_dict(c) for c in calls],
    }
    # One compact dumps() call: Python's C encoder only runs without indent and in one shot,
    # which makes 10,000 scorecards about ten times faster to write than json.dump(indent=...).
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), "utf-8")
