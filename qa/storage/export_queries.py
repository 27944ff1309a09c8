"""Scored calls for exports and reports: a filtered set loaded in six joined queries, never N+1."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.engine import Row

from qa.domain.export.records import (
    CommentRecord,
    DisputeRecord,
    ExportFilter,
    ItemRecord,
    OverrideRecord,
    ScoredCall,
)
from qa.domain.metrics.metrics import CallMetrics
from qa.domain.reports.reporting import offer_item_ids
from qa.domain.scorecard import Evidence, Verdict
from qa.storage.base import StoreBase
from qa.storage.calls import CALL_TIME
from qa.storage.convert import as_utc, gap_from_json
from qa.storage.tables.metrics import CallMetricsRow
from qa.storage.tables.tables import (
    AgentRow,
    CallRow,
    CommentRow,
    DisputeRow,
    ItemResultRow,
    ReviewRow,
    RubricRow,
    SampleMemberRow,
    ScorecardRow,
)

CALLS = CallRow.__table__  # type: ignore[attr-defined]
CARDS = ScorecardRow.__table__  # type: ignore[attr-defined]
RUBRICS = RubricRow.__table__  # type: ignore[attr-defined]
AGENTS = AgentRow.__table__  # type: ignore[attr-defined]
ITEMS = ItemResultRow.__table__  # type: ignore[attr-defined]
REVIEWS = ReviewRow.__table__  # type: ignore[attr-defined]
COMMENTS = CommentRow.__table__  # type: ignore[attr-defined]
DISPUTES = DisputeRow.__table__  # type: ignore[attr-defined]
MEMBERS = SampleMemberRow.__table__  # type: ignore[attr-defined]
METRICS = CallMetricsRow.__table__  # type: ignore[attr-defined]


def _scoped(query: Select[Any], where: ExportFilter, scored: bool = True) -> Select[Any]:
    """`query` over scored calls (current scorecard joined) narrowed by every filter given;
    with `scored` False, over the calls that have no scorecard yet."""
    query = query.select_from(CALLS)
    if scored:
        query = query.join(CARDS, CARDS.c.id == CALLS.c.current_scorecard_id)
    else:
        query = query.where(CALLS.c.current_scorecard_id.is_(None))
    query = query.outerjoin(AGENTS, AGENTS.c.id == CALLS.c.agent_id)
    tests: list[tuple[bool, Callable[[], ColumnElement[bool]]]] = [
        (where.since is not None, lambda: CALL_TIME >= as_utc(where.since)),
        (where.until is not None, lambda: CALL_TIME < as_utc(where.until)),
        (bool(where.agent), lambda: CALLS.c.agent_id == where.agent),
        (bool(where.team), lambda: AGENTS.c.team == where.team),
        (bool(where.status), lambda: CALLS.c.status == where.status),
        (where.visible_agent is not None, lambda: CALLS.c.agent_id == where.visible_agent),
        (where.sample_id is not None, lambda: CALLS.c.id.in_(_members(where.sample_id))),
    ]
    return query.where(*(clause() for given, clause in tests if given))


def _members(sample_id: int | None) -> Select[Any]:
    return select(MEMBERS.c.call_id).where(MEMBERS.c.sample_id == sample_id)


HEAD = (
    CALLS.c.id,
    CALLS.c.call_ref,
    CALLS.c.agent_id,
    AGENTS.c.name,
    AGENTS.c.team,
    CALL_TIME.label("call_time"),
    CALLS.c.queue,
    CALLS.c.duration,
    CALLS.c.status,
    CARDS.c.id.label("card_id"),
    CARDS.c.rubric_id,
    RUBRICS.c.name.label("rubric_name"),
    RUBRICS.c.version.label("rubric_version"),
    CARDS.c.pass_mark,
    CARDS.c.score,
    CARDS.c.auto_score,
    CARDS.c.passed,
    CARDS.c.auto_fail,
    CARDS.c.provisional,
    CARDS.c.state,
    CARDS.c.reviewed_by,
    CARDS.c.gaps,
    METRICS.c.metrics,
)


def _head_query(where: ExportFilter) -> Select[Any]:
    query = _scoped(select(*HEAD), where)
    query = query.join(RUBRICS, RUBRICS.c.id == CARDS.c.rubric_id)
    query = query.outerjoin(METRICS, METRICS.c.call_id == CALLS.c.id)
    return query.order_by(CALL_TIME, CALLS.c.id)


VERDICTS = {v.value: v for v in Verdict}  # a dict lookup is cheaper than Verdict(text)
ITEM_COLUMNS = (
    ITEMS.c.scorecard_id,
    ITEMS.c.item_id,
    ITEMS.c.label,
    ITEMS.c.section,
    ITEMS.c.points,
    ITEMS.c.critical,
    ITEMS.c.auto_verdict,
    ITEMS.c.verdict,
    ITEMS.c.reason,
    ITEMS.c.hint,
    ITEMS.c.evidence,
)


def _items_by_card(rows: Iterable[Any]) -> dict[int, tuple[ItemRecord, ...]]:
    """Item rows (ITEM_COLUMNS, as plain tuples: 70,000 of them for 10,000 calls) by scorecard."""
    grouped: dict[int, list[ItemRecord]] = defaultdict(list)
    for card, item_id, label, section, points, critical, auto, now, reason, hint, ev in rows:
        evidence = tuple(Evidence.from_dict(e) for e in ev) if ev else ()
        grouped[card].append(
            ItemRecord(
                item_id,
                label,
                section,
                points,
                critical,
                VERDICTS[auto],
                VERDICTS[now],
                reason,
                hint,
                evidence,
            )  # fmt: skip
        )
    return {k: tuple(v) for k, v in grouped.items()}


def _override(row: Row[Any]) -> OverrideRecord:
    at = as_utc(row.created_at)
    return OverrideRecord(row.item_id or "", row.reviewer, row.before, row.after, row.reason, at)


def _comment(row: Row[Any]) -> CommentRecord:
    at = as_utc(row.created_at)
    return CommentRecord(row.author, row.text, row.item_id, row.at_seconds, at)


def _dispute(row: Row[Any]) -> DisputeRecord:
    return DisputeRecord(
        raised_by=row.raised_by,
        reason=row.reason,
        status=row.status,
        item_id=row.item_id,
        resolution=row.resolution,
        resolved_by=row.resolved_by,
        created_at=as_utc(row.created_at),
        resolved_at=as_utc(row.resolved_at),
    )


def _grouped(rows: Iterable[Row[Any]], key: str, make: Any) -> dict[int, tuple[Any, ...]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(make(row))
    return {k: tuple(v) for k, v in grouped.items()}


class ExportQueries(StoreBase):
    """Reads for `qa export` and `qa report`: the scored calls a filter selects, complete."""

    def scored_calls(self, where: ExportFilter) -> list[ScoredCall]:
        """Calls with a current scorecard, oldest first, with everything people added to them."""
        cards = _scoped(select(CARDS.c.id), where)
        call_ids = _scoped(select(CALLS.c.id), where)
        with self.engine.connect() as connection:
            heads = connection.execute(_head_query(where)).all()
            offers = self._offer_items(connection, {h.rubric_id for h in heads})
            items = connection.execute(
                select(*ITEM_COLUMNS)
                .where(ITEMS.c.scorecard_id.in_(cards))
                .order_by(ITEMS.c.scorecard_id, ITEMS.c.position)
            )
            by_card = _items_by_card(items.all())
            overrides = _grouped(connection.execute(_overrides(cards)), "scorecard_id", _override)
            comments = connection.execute(_children(COMMENTS, call_ids))
            disputes = connection.execute(_children(DISPUTES, call_ids))
            notes = _grouped(comments, "call_id", _comment)
            raised = _grouped(disputes, "call_id", _dispute)
        return [
            _scored(h, by_card, overrides, notes, raised, offers.get(h.rubric_id, frozenset()))
            for h in heads
        ]

    def unscored_count(self, where: ExportFilter) -> int:
        """How many calls the filter selects that have no scorecard yet (not sampled, not
        transcribed or not scored), so that an export can say why they are not in it."""
        query = _scoped(select(func.count(CALLS.c.id)), where, scored=False)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def _offer_items(self, connection: Any, rubric_ids: set[int]) -> dict[int, frozenset[str]]:
        if not rubric_ids:
            return {}
        query = select(RUBRICS.c.id, RUBRICS.c.text).where(RUBRICS.c.id.in_(sorted(rubric_ids)))
        return {i: offer_item_ids(text or "") for i, text in connection.execute(query)}


def _overrides(cards: Any) -> Select[Any]:
    return (
        select(REVIEWS, ITEMS.c.item_id)
        .outerjoin(ITEMS, ITEMS.c.id == REVIEWS.c.item_result_id)
        .where(REVIEWS.c.scorecard_id.in_(cards))
        .order_by(REVIEWS.c.id)
    )


def _children(table: Any, call_ids: Any) -> Select[Any]:
    return select(table).where(table.c.call_id.in_(call_ids)).order_by(table.c.id)


def _scored(
    head: Row[Any],
    items: dict[int, tuple[ItemRecord, ...]],
    overrides: dict[int, tuple[OverrideRecord, ...]],
    comments: dict[int, tuple[CommentRecord, ...]],
    disputes: dict[int, tuple[DisputeRecord, ...]],
    offer_items: frozenset[str],
) -> ScoredCall:
    return ScoredCall(
        call_id=head.id,
        call_ref=head.call_ref,
        agent_id=head.agent_id,
        agent_name=head.name or "",
        team=head.team or "",
        started_at=as_utc(head.call_time),
        queue=head.queue,
        duration=head.duration,
        status=head.status,
        rubric_name=head.rubric_name,
        rubric_version=head.rubric_version,
        pass_mark=head.pass_mark,
        score=head.score,
        auto_score=head.auto_score,
        passed=head.passed,
        auto_fail=head.auto_fail,
        provisional=head.provisional,
        card_state=head.state,
        reviewer=head.reviewed_by,
        items=items.get(head.card_id, ()),
        overrides=overrides.get(head.card_id, ()),
        comments=comments.get(head.id, ()),
        disputes=disputes.get(head.id, ()),
        offer_items=offer_items,
        metrics=CallMetrics.from_dict(head.metrics) if head.metrics else None,
        gaps=tuple(gap_from_json(g) for g in head.gaps or ()),
    )
