"""Queries the sampler needs: calls already drawn or reviewed, and risk signals in bulk."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns  # sqlmodel's select types at most 4 columns
from sqlmodel import col, select

from qa.domain.sampling.risk import RiskSignals
from qa.domain.scorecard import Verdict
from qa.storage.base import StoreBase
from qa.storage.tables.tables import (
    CallRow,
    ItemResultRow,
    SampleMemberRow,
    SampleRow,
    ScorecardRow,
)

FINAL_STATE = "final"


def calls_in_open_samples(store: StoreBase) -> set[int]:
    """Ids of calls drawn into any sample that is still open."""
    query = (
        select(SampleMemberRow.call_id)
        .join(SampleRow, col(SampleRow.id) == col(SampleMemberRow.sample_id))
        .where(col(SampleRow.open).is_(True))
    )
    with store.session() as session:
        return {int(call_id) for call_id in session.exec(query)}


def calls_with_final_scorecard(store: StoreBase) -> set[int]:
    """Ids of calls that have a scorecard a supervisor has finalized."""
    query = select(ScorecardRow.call_id).where(ScorecardRow.state == FINAL_STATE).distinct()
    with store.session() as session:
        return {int(call_id) for call_id in session.exec(query)}


def _uncertain_per_scorecard() -> Any:
    # Counted apart and joined once: an outer join with a GROUP BY let SQLite's planner pick
    # the verdict index and rescan every undecided item per scorecard (quadratic).
    return (
        select_columns(col(ItemResultRow.scorecard_id), func.count().label("n"))
        .where(col(ItemResultRow.verdict) == Verdict.UNCERTAIN.value)
        .group_by(col(ItemResultRow.scorecard_id))
        .subquery()
    )


def current_risk_signals(store: StoreBase) -> dict[int, RiskSignals]:
    """Risk signals of every call's current scorecard, in one query (calls without one absent)."""
    uncertain = _uncertain_per_scorecard()
    query = (
        select_columns(
            col(CallRow.id),
            col(ScorecardRow.score),
            col(ScorecardRow.pass_mark),
            col(ScorecardRow.auto_fail),
            func.coalesce(uncertain.c.n, 0),
        )
        .join(ScorecardRow, col(ScorecardRow.id) == col(CallRow.current_scorecard_id))
        .outerjoin(uncertain, uncertain.c.scorecard_id == col(ScorecardRow.id))
    )
    with store.session() as session:
        return {
            int(call_id): RiskSignals(float(score), float(mark), bool(failed), int(n))
            for call_id, score, mark, failed, n in session.execute(query)
        }
