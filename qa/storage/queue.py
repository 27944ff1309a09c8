"""The review queue: one page of calls at a time, filtered and sorted in SQL on indexed columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, or_
from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from qa.storage.base import StoreBase
from qa.storage.calls import CALL_TIME
from qa.storage.convert import as_utc
from qa.storage.tables.tables import AgentRow, CallRow, ItemResultRow, SampleMemberRow, ScorecardRow

PAGE_SIZE = 100  # rows fetched per query; a screen shows fewer, so one page covers a scroll


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which calls the queue shows; empty fields do not filter."""

    sample_id: int | None = None
    agent: str = ""
    status: str = ""
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    search: str = ""  # part of the call id, agent id or name, queue or file name


@dataclass(frozen=True, slots=True)
class QueueSort:
    """The column the queue is sorted by, and which way."""

    column: str = "date"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One call as the queue lists it."""

    call_id: int
    call_ref: str
    started_at: datetime | None
    agent_id: str
    agent_name: str
    queue: str
    duration: float | None
    auto_score: float | None
    score: float | None
    status: str
    uncertain: int  # items automatic scoring could not decide
    failed: int
    auto_fail: bool
    pending: int = 0  # manual items no supervisor has scored yet
    final: bool = False  # the score is a supervisor's final one, not provisional
    sampled: bool = True  # the call is in a review sample

    @property
    def scored(self) -> bool:
        """The call has a scorecard (it was transcribed and scored)."""
        return self.score is not None


# Pending manual items of the call's current scorecard, counted for a page of rows only;
# `uncertain_count` holds uncertain and pending together, so the queue tells them apart here.
PENDING = (
    select(func.count(col(ItemResultRow.id)))
    .where(col(ItemResultRow.scorecard_id) == col(CallRow.current_scorecard_id))
    .where(col(ItemResultRow.verdict) == "pending")
    .correlate(CallRow)
    .scalar_subquery()
)
SAMPLED = exists().where(col(SampleMemberRow.call_id) == col(CallRow.id)).correlate(CallRow)

SORT_COLUMNS: dict[str, Any] = {
    "date": CALL_TIME,
    "call": CallRow.call_ref,
    "agent": CallRow.agent_id,
    "queue": CallRow.queue,
    "duration": CallRow.duration,
    "auto_score": ScorecardRow.auto_score,
    "score": ScorecardRow.score,
    "status": CallRow.status,
    "uncertain": ScorecardRow.uncertain_count - PENDING,
    "pending": PENDING,
    "failed": ScorecardRow.failed_count,
    "auto_fail": ScorecardRow.auto_fail,
}
NULLABLE = {"duration", "auto_score", "score", "uncertain", "pending", "failed", "auto_fail"}


SCORECARD_SORTS = {"auto_score", "score", "uncertain", "pending", "failed", "auto_fail"}


def _joined(query: Any, scorecards: bool = True, agents: bool = True) -> Any:
    if scorecards:
        query = query.outerjoin(
            ScorecardRow, col(ScorecardRow.id) == col(CallRow.current_scorecard_id)
        )
    if agents:
        query = query.outerjoin(AgentRow, col(AgentRow.id) == col(CallRow.agent_id))
    return query


def _ids(where: QueueFilter, sort: QueueSort, offset: int, limit: int) -> Any:
    """The page's call ids alone, joining only what the sort and search need (cheap to skip)."""
    query = _joined(
        select(CallRow.id).select_from(CallRow),
        scorecards=sort.column in SCORECARD_SORTS,
        agents=bool(where.search.strip()),
    )
    return _where(query, where).order_by(*_order(sort)).offset(max(offset, 0)).limit(limit)


def _search(text: str) -> Any:
    pattern = f"%{text.strip()}%"
    fields = (CallRow.call_ref, CallRow.agent_id, AgentRow.name, CallRow.queue, CallRow.path)
    return or_(*(col(f).ilike(pattern) for f in fields))


def _where(query: Any, where: QueueFilter) -> Any:
    if where.sample_id is not None:
        query = query.join(SampleMemberRow, col(SampleMemberRow.call_id) == col(CallRow.id))
        query = query.where(SampleMemberRow.sample_id == where.sample_id)
    if where.agent:
        query = query.where(CallRow.agent_id == where.agent)
    if where.status:
        query = query.where(CallRow.status == where.status)
    if where.since is not None:
        query = query.where(CALL_TIME >= as_utc(where.since))
    if where.until is not None:
        query = query.where(CALL_TIME < as_utc(where.until))
    if where.search.strip():
        query = query.where(_search(where.search))
    return query


def _order(sort: QueueSort) -> tuple[Any, ...]:
    if sort.column not in SORT_COLUMNS:
        raise ValueError(f"cannot sort the queue by {sort.column!r}")
    key = SORT_COLUMNS[sort.column]
    key = key.desc() if sort.descending else key.asc()
    if sort.column in NULLABLE:  # calls without a scorecard sort last either way
        key = key.nulls_last()
    tie = col(CallRow.id).desc() if sort.descending else col(CallRow.id).asc()
    return key, tie


def _row(found: Any) -> QueueRow:
    return QueueRow(
        call_id=found.id,
        call_ref=found.call_ref,
        started_at=as_utc(found.started_at or found.recorded_at),
        agent_id=found.agent_id,
        agent_name=found.name or "",
        queue=found.queue,
        duration=found.duration,
        auto_score=found.auto_score,
        score=found.score,
        status=found.status,
        uncertain=(found.uncertain_count or 0) - (found.pending or 0),
        failed=found.failed_count or 0,
        auto_fail=bool(found.auto_fail),
        pending=found.pending or 0,
        final=found.state == "final",
        sampled=bool(found.sampled),
    )


QUEUE_COLUMNS = (
    col(CallRow.id),
    col(CallRow.call_ref),
    col(CallRow.started_at),
    col(CallRow.recorded_at),
    col(CallRow.agent_id),
    col(AgentRow.name),
    col(CallRow.queue),
    col(CallRow.duration),
    col(ScorecardRow.auto_score),
    col(ScorecardRow.score),
    col(CallRow.status),
    col(ScorecardRow.uncertain_count),
    col(ScorecardRow.failed_count),
    col(ScorecardRow.auto_fail),
    col(ScorecardRow.state),
    PENDING.label("pending"),
    SAMPLED.label("sampled"),
)


class QueueStore(StoreBase):
    """Pages of the review queue and how many calls it holds."""

    def queue_page(
        self,
        where: QueueFilter,
        sort: QueueSort = QueueSort(),
        offset: int = 0,
        limit: int = PAGE_SIZE,
    ) -> list[QueueRow]:
        """`limit` calls from `offset` in the sorted, filtered queue."""
        with self.session() as session:
            ids = list(session.execute(_ids(where, sort, offset, limit)).scalars())
            # select() is typed for up to four columns; this is what it builds for more
            query = _joined(Select(*QUEUE_COLUMNS).select_from(CallRow))
            found = {r.id: r for r in session.execute(query.where(col(CallRow.id).in_(ids)))}
        return [_row(found[i]) for i in ids]

    def queue_count(self, where: QueueFilter) -> int:
        """How many calls the queue holds under this filter."""
        query = select(func.count(col(CallRow.id))).select_from(CallRow)
        query = _where(_joined(query, scorecards=False, agents=bool(where.search.strip())), where)
        with self.session() as session:
            return int(session.execute(query).scalar_one())

    def queue_agents(self) -> list[tuple[str, str]]:
        """(id, name) of every agent with calls, for the agent filter."""
        query = select(CallRow.agent_id, AgentRow.name).distinct()
        query = query.outerjoin(AgentRow, col(AgentRow.id) == col(CallRow.agent_id))
        with self.session() as session:
            found = session.execute(query.order_by(col(CallRow.agent_id))).all()
        return [(agent_id, name or agent_id) for agent_id, name in found if agent_id]
