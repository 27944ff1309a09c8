"""Table rows shared by the CSV and XLSX exports: one row per call, or one per call and item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa.domain.export.records import ItemRecord, ScoredCall

CALL_COLUMNS = (
    "call_id",
    "call_ref",
    "agent",
    "agent_name",
    "team",
    "date",
    "queue",
    "rubric",
    "rubric_version",
    "score",
    "auto_score",
    "result",
    "auto_fail",
    "provisional",
    "status",
    "card_state",
    "reviewer",
)
ITEM_COLUMNS = (
    "call_id",
    "call_ref",
    "agent",
    "date",
    "rubric",
    "section",
    "item_id",
    "label",
    "auto_verdict",
    "verdict",
    "points",
    "earned",
    "critical",
    "reason",
    "evidence",
    "evidence_start",
    "evidence_end",
    "override_by",
    "override_reason",
)


def item_columns(calls: Sequence[ScoredCall]) -> list[str]:
    """Every item id in the exported scorecards, in rubric order of first appearance."""
    return list(dict.fromkeys(i.item_id for c in calls for i in c.items))


def result(call: ScoredCall) -> str:
    """pass or fail."""
    return "pass" if call.passed else "fail"


def call_row(call: ScoredCall, item_ids: Sequence[str]) -> list[Any]:
    """The wide row: call facts, then the current verdict of each item ("" when absent)."""
    verdicts = {i.item_id: i.verdict.value for i in call.items}
    return [
        call.call_id,
        call.call_ref,
        call.agent_id,
        call.agent_name,
        call.team,
        call.started_at,
        call.queue,
        call.rubric_name,
        call.rubric_version,
        call.score,
        call.auto_score,
        result(call),
        call.auto_fail,
        call.provisional,
        call.status,
        call.card_state,
        call.reviewer,
        *(verdicts.get(item_id, "") for item_id in item_ids),
    ]


def _last_override(call: ScoredCall, item_id: str) -> tuple[str, str]:
    found = [o for o in call.overrides if o.item_id == item_id]
    return (found[-1].reviewer, found[-1].reason) if found else ("", "")


def item_row(call: ScoredCall, item: ItemRecord) -> list[Any]:
    """The long row of one item: verdicts, points, evidence quotes and their times."""
    quotes = " | ".join(e.text for e in item.evidence)
    start = item.evidence[0].start if item.evidence else None
    end = item.evidence[-1].end if item.evidence else None
    return [
        call.call_id,
        call.call_ref,
        call.agent_id,
        call.started_at,
        call.rubric_name,
        item.section,
        item.item_id,
        item.label,
        item.auto_verdict.value,
        item.verdict.value,
        item.points,
        item.earned,
        item.critical,
        item.reason,
        quotes,
        start,
        end,
        *_last_override(call, item.item_id),
    ]
