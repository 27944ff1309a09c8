"""Queries the sampler needs: calls already drawn or reviewed, and risk signals in bulk."""

from __future__ import annotations

from sqlalchemy import and_, func
from sqlalchemy import select as select_columns  # sqlmodel's select types at most 4 columns
from sqlmodel import col, select

from qa.domain.sampling_risk import RiskSignals
from qa.domain.scorecard import Verdict
from qa.storage.base import StoreBase
from qa.storage.tables import CallRow, ItemResultRow, SampleMemberRow, SampleRow, ScorecardRow

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


def current_risk_signals(store: StoreBase) -> dict[int, RiskSignals]:
    """Risk signals of every call's current scorecard, in one query (calls without one absent)."""
    uncertain = and_(
        col(ItemResultRow.scorecard_id) == col(ScorecardRow.id),
        col(ItemResultRow.verdict) == Verdict.UNCERTAIN.value,
    )
    query = (
        select_columns(
            col(CallRow.id),
            col(ScorecardRow.score),
            col(ScorecardRow.pass_mark),
            col(ScorecardRow.auto_fail),
            func.count(col(ItemResultRow.id)),
        )
        .join(ScorecardRow, col(ScorecardRow.id) == col(CallRow.current_scorecard_id))
        .outerjoin(ItemResultRow, uncertain)
        .group_by(
            col(CallRow.id),
            col(ScorecardRow.score),
            col(ScorecardRow.pass_mark),
            col(ScorecardRow.auto_fail),
        )
    )
    with store.session() as session:
        return {
            int(call_id): RiskSignals(float(score), float(mark), bool(failed), int(n))
            for call_id, score, mark, failed, n in session.execute(query)
        }
