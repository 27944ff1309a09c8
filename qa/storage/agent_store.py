"""What agents write about their own calls: self-assessments, disputes, acknowledgements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from qa.domain.call import ReviewStatus
from qa.domain.scorecard import Verdict
from qa.errors import NotFoundError
from qa.storage.base import StoreBase, not_found
from qa.storage.calls import CALL_TIME
from qa.storage.convert import as_utc
from qa.storage.postgres.agent_calls_sql import call_function, through_functions
from qa.storage.tables.agent_replay import SelfAssessmentRow
from qa.storage.tables.tables import AuditEventRow, CallRow, DisputeRow, ScorecardRow, utcnow

# Dispute states. `upheld` and `overturned` speak of the disputed verdict, as `qa resolve` does.
OPEN, UPHELD, OVERTURNED, ACKNOWLEDGED = "open", "upheld", "overturned", "acknowledged"


@dataclass(frozen=True, slots=True)
class Dispute:
    """An agent's dispute of one item (or acknowledgement of a whole scorecard) and its outcome."""

    id: int
    call_id: int
    scorecard_id: int | None
    item_id: str
    raised_by: str
    reason: str
    status: str
    resolution: str = ""
    resolved_by: str = ""
    created_at: datetime | None = None
    resolved_at: datetime | None = None

    @property
    def open(self) -> bool:
        """True until a supervisor upholds or overturns it."""
        return self.status == OPEN


@dataclass(frozen=True, slots=True)
class AgentCall:
    """One of an agent's reviewed calls, as their list shows it."""

    call_id: int
    call_ref: str
    started_at: datetime | None
    queue: str
    duration: float | None
    score: float
    passed: bool
    status: str


def _dispute(row: DisputeRow) -> Dispute:
    assert row.id is not None
    return Dispute(
        id=row.id,
        call_id=row.call_id,
        scorecard_id=row.scorecard_id,
        item_id=row.item_id,
        raised_by=row.raised_by,
        reason=row.reason,
        status=row.status,
        resolution=row.resolution,
        resolved_by=row.resolved_by,
        created_at=as_utc(row.created_at),
        resolved_at=as_utc(row.resolved_at),
    )


def _audit(actor: str, action: str, call_id: int, after: dict[str, Any], reason: str = "") -> Any:
    return AuditEventRow(
        actor=actor,
        action=action,
        entity="call",
        entity_id=str(call_id),
        after=after,
        reason=reason,
    )


REVIEWED = (col(ScorecardRow.state) == "final") | (col(CallRow.status) == ReviewStatus.DISPUTED)


class AgentReplayStore(StoreBase):
    """Agents' own views and writes; every write is audited in the same transaction."""

    def agent_calls(self, agent_id: str) -> list[AgentCall]:
        """The agent's calls with a reviewed (final or disputed) scorecard, newest first."""
        query = (
            select(CallRow, ScorecardRow)
            .join(ScorecardRow, col(ScorecardRow.id) == col(CallRow.current_scorecard_id))
            .where(CallRow.agent_id == agent_id, REVIEWED)
            .order_by(CALL_TIME.desc(), col(CallRow.id).desc())
        )
        with self.session() as session:
            return [
                AgentCall(
                    call_id=call.id or 0,
                    call_ref=call.call_ref,
                    started_at=as_utc(call.started_at or call.recorded_at),
                    queue=call.queue,
                    duration=call.duration,
                    score=card.score,
                    passed=card.passed,
                    status=call.status,
                )
                for call, card in session.exec(query)
            ]

    def self_verdicts(self, call_id: int, login: str) -> dict[str, Verdict]:
        """The agent's latest self-assessed verdict per item (rows are only ever added)."""
        query = select(SelfAssessmentRow).where(
            SelfAssessmentRow.call_id == call_id, SelfAssessmentRow.login == login
        )
        with self.session() as session:
            rows = session.exec(query.order_by(col(SelfAssessmentRow.id))).all()
            return {r.item_id: Verdict(r.verdict) for r in rows}

    def self_assessments(self, call_id: int) -> dict[str, dict[str, Verdict]]:
        """Every login's latest self-assessed verdict per item of the call."""
        query = select(SelfAssessmentRow).where(SelfAssessmentRow.call_id == call_id)
        found: dict[str, dict[str, Verdict]] = {}
        with self.session() as session:
            for row in session.exec(query.order_by(col(SelfAssessmentRow.id))).all():
                found.setdefault(row.login, {})[row.item_id] = Verdict(row.verdict)
        return found

    def add_self_verdict(
        self, call_id: int, scorecard_id: int, item_id: str, verdict: Verdict, login: str
    ) -> None:
        """Record the agent's own verdict on one item (the official scorecard is untouched)."""
        if through_functions(self.engine):
            sql = "SELECT qa_self_assess(:call, :item, :verdict)"
            call_function(self.engine, sql, call=call_id, item=item_id, verdict=verdict.value)
            return
        with self.session() as session:
            session.add(
                SelfAssessmentRow(
                    call_id=call_id,
                    scorecard_id=scorecard_id,
                    item_id=item_id,
                    verdict=verdict.value,
                    login=login,
                )
            )
            after = {"item": item_id, "verdict": verdict.value}
            session.add(_audit(login, "self_assess", call_id, after))

    def revealed(self, call_id: int, login: str) -> bool:
        """True once the agent has been shown the supervisor's verdicts on this call."""
        query = select(AuditEventRow.id).where(
            AuditEventRow.entity == "call",
            AuditEventRow.entity_id == str(call_id),
            AuditEventRow.actor == login,
            AuditEventRow.action == "reveal_scorecard",
        )
        with self.session() as session:
            return session.exec(query.limit(1)).first() is not None

    def mark_revealed(self, call_id: int, login: str) -> None:
        """Note that the agent has seen the verdicts (self-assessment closes from now on)."""
        if through_functions(self.engine):
            call_function(self.engine, "SELECT qa_reveal_scorecard(:call)", call=call_id)
        elif not self.revealed(call_id, login):
            with self.session() as session:
                session.add(_audit(login, "reveal_scorecard", call_id, {}))

    def disputes(self, call_id: int | None = None, status: str | None = None) -> list[Dispute]:
        """Disputes and acknowledgements, oldest first, of one call and/or in one state."""
        query = select(DisputeRow).order_by(col(DisputeRow.id))
        if call_id is not None:
            query = query.where(DisputeRow.call_id == call_id)
        if status is not None:
            query = query.where(DisputeRow.status == status)
        with self.session() as session:
            return [_dispute(r) for r in session.exec(query)]

    def add_dispute(
        self, call_id: int, scorecard_id: int, item_id: str, login: str, reason: str
    ) -> Dispute:
        """Open a dispute of one item; the call goes to the supervisors' queue as disputed."""
        if through_functions(self.engine):
            sql = "SELECT qa_raise_dispute(:call, :item, :reason)"
            made = call_function(self.engine, sql, call=call_id, item=item_id, reason=reason)
            return self._dispute_by_id(made)
        with self.session() as session:
            call = self._call(session, call_id)
            row = DisputeRow(
                call_id=call_id,
                scorecard_id=scorecard_id,
                item_id=item_id,
                raised_by=login,
                reason=reason,
            )
            session.add(row)
            call.status = ReviewStatus.DISPUTED.value
            session.add(call)
            session.flush()
            after = {"dispute": row.id, "item": item_id}
            session.add(_audit(login, "dispute", call_id, after, reason))
            return _dispute(row)

    def add_acknowledgement(self, call_id: int, scorecard_id: int, login: str) -> Dispute:
        """Record that the agent has read and accepts the final scorecard."""
        if through_functions(self.engine):
            made = call_function(self.engine, "SELECT qa_acknowledge(:call)", call=call_id)
            return self._dispute_by_id(made)
        with self.session() as session:
            row = DisputeRow(
                call_id=call_id,
                scorecard_id=scorecard_id,
                raised_by=login,
                reason="",
                status=ACKNOWLEDGED,
            )
            session.add(row)
            session.flush()
            session.add(_audit(login, "acknowledge", call_id, {"scorecard": scorecard_id}))
            return _dispute(row)

    def _dispute_by_id(self, dispute_id: int | None) -> Dispute:
        with self.session() as session:
            row = session.get(DisputeRow, dispute_id)
            if row is None:
                raise not_found("dispute", dispute_id)
            return _dispute(row)

    def close_dispute(self, dispute_id: int, status: str, resolution: str, actor: str) -> Dispute:
        """Uphold or overturn an open dispute; the call leaves `disputed` when none stay open."""
        with self.session() as session:
            row = session.get(DisputeRow, dispute_id)
            if row is None or row.status != OPEN:
                raise not_found("open dispute", dispute_id, hint="List them with `qa disputes`.")
            row.sqlmodel_update(
                {"status": status, "resolution": resolution, "resolved_by": actor}
                | {"resolved_at": utcnow()}
            )
            session.add(row)
            session.flush()
            self._settle_status(session, row.call_id)
            after = {"dispute": dispute_id, "item": row.item_id, "status": status}
            session.add(_audit(actor, f"dispute_{status}", row.call_id, after, resolution))
            return _dispute(row)

    def _settle_status(self, session: Session, call_id: int) -> None:
        still_open = select(DisputeRow.id).where(
            DisputeRow.call_id == call_id, DisputeRow.status == OPEN
        )
        call = self._call(session, call_id)
        disputed = session.exec(still_open.limit(1)).first() is not None
        call.status = (ReviewStatus.DISPUTED if disputed else ReviewStatus.FINAL).value
        session.add(call)

    def _call(self, session: Session, call_id: int) -> CallRow:
        call = session.get(CallRow, call_id)
        if call is None:
            raise NotFoundError(f"No call with id {call_id} in this workspace's database.")
        return call
