"""New automatic scorecard versions stored beside a reviewed one, and a supervisor's decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from qa.domain.call import ReviewStatus
from qa.domain.review.rescore import PROPOSED, SET_ASIDE, ItemChange
from qa.domain.review.review import CardState
from qa.domain.scorecard import Scorecard
from qa.storage.base import StoreBase, not_found
from qa.storage.convert import item_to_row
from qa.storage.reviews import apply_card_totals
from qa.storage.scorecards import _apply_totals, _load, _rubric_id
from qa.storage.tables.tables import (
    AuditEventRow,
    CallRow,
    ItemResultRow,
    ReviewRow,
    RubricRow,
    ScorecardRow,
)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A call's newest automatic version waiting beside its reviewed scorecard."""

    call_id: int
    scorecard_id: int
    reviewed_id: int
    scorecard: Scorecard


def _audit(actor: str, action: str, reviewed_id: int, after: dict[str, Any], reason: str = ""
           ) -> AuditEventRow:  # fmt: skip
    return AuditEventRow(
        actor=actor, action=action, entity="scorecard", entity_id=str(reviewed_id),
        before={"scorecard": reviewed_id}, after=after, reason=reason,
    )  # fmt: skip


def _changes(changes: tuple[ItemChange, ...]) -> list[dict[str, str]]:
    return [{"item": c.item_id, "review": c.reviewed, "automatic": c.automatic} for c in changes]


def _carry(session: Session, scorecard_id: int, kept: dict[str, tuple[str, str, str]]) -> None:
    """Set the person's verdicts on the new card's items, each with its review record."""
    query = select(ItemResultRow).where(ItemResultRow.scorecard_id == scorecard_id)
    for item in session.exec(query).all():
        if item.item_id not in kept:
            continue
        verdict, reviewer, why = kept[item.item_id]
        before, item.verdict = item.verdict, verdict
        session.add(item)
        review = ReviewRow(scorecard_id=scorecard_id, item_result_id=item.id, reviewer=reviewer,
                           before=before, after=verdict, reason=why)  # fmt: skip
        session.add(review)
    session.flush()


class RescoreStore(StoreBase):
    """Proposals: stored as scorecards in state `proposed`, never the call's current one."""

    def _proposed_rows(self, session: Session, call_id: int) -> list[ScorecardRow]:
        query = select(ScorecardRow).where(
            ScorecardRow.call_id == call_id, ScorecardRow.state == PROPOSED
        )
        return list(session.exec(query.order_by(col(ScorecardRow.id))).all())

    def propose_scorecard(
        self, call_id: int, card: Scorecard, changes: tuple[ItemChange, ...], actor: str
    ) -> int:
        """Store `card` beside the call's reviewed scorecard (which stays current); audited."""
        with self.session() as session:
            call = session.get(CallRow, call_id)
            if call is None or call.current_scorecard_id is None:
                raise not_found("reviewed call with id", call_id)
            for older in self._proposed_rows(session, call_id):
                older.state = SET_ASIDE  # only the newest proposal waits for a decision
                session.add(older)
            row = ScorecardRow(
                call_id=call_id, rubric_id=_rubric_id(session, card.rubric),
                pass_mark=card.pass_mark, call_meta=dict(card.call), auto_score=card.score,
                state=PROPOSED,
            )  # fmt: skip
            _apply_totals(row, card)
            session.add(row)
            session.flush()
            assert row.id is not None
            session.add_all(item_to_row(row.id, i, item) for i, item in enumerate(card.items))
            after = {"proposed": row.id, "rubric": card.rubric.sha256, "differs": _changes(changes)}
            session.add(_audit(actor, "propose_rescore", call.current_scorecard_id, after))
            return row.id

    def proposal(self, call_id: int) -> Proposal | None:
        """The call's newest proposal awaiting a supervisor, or None."""
        with self.session() as session:
            call = session.get(CallRow, call_id)
            if call is None:
                raise not_found("call with id", call_id)
            rows = self._proposed_rows(session, call_id)
            if not rows or call.current_scorecard_id is None:
                return None
            row = rows[-1]
            assert row.id is not None
            return Proposal(call_id, row.id, call.current_scorecard_id, _load(session, row))

    def proposals(self) -> list[int]:
        """Ids of calls with a proposal awaiting a supervisor, in id order."""
        query = select(ScorecardRow.call_id).where(ScorecardRow.state == PROPOSED).distinct()
        with self.session() as session:
            return sorted(int(i) for i in session.exec(query).all())

    def versions_with_rubric(self, call_id: int, sha256: str) -> int:
        """How many of the call's scorecards (of any state) were scored with this rubric."""
        query = (
            select(ScorecardRow.id)
            .join(RubricRow, col(RubricRow.id) == col(ScorecardRow.rubric_id))
            .where(ScorecardRow.call_id == call_id, RubricRow.sha256 == sha256)
        )
        with self.session() as session:
            return len(session.exec(query).all())

    def accept_proposal(
        self, proposal: Proposal, actor: str, reason: str, kept: dict[str, tuple[str, str, str]]
    ) -> None:
        """The proposal becomes the call's scorecard, in review, with the person's decisions in
        `kept` (item → verdict, reviewer, reason) carried over; the old review is kept as is."""
        with self.session() as session:
            row = self._pending(session, proposal)
            call = session.get(CallRow, proposal.call_id)
            assert call is not None and row.id is not None
            _carry(session, row.id, kept)
            card = _load(session, row)
            apply_card_totals(row, card, CardState.IN_REVIEW, actor)
            call.current_scorecard_id = row.id
            call.status = ReviewStatus.IN_REVIEW.value
            session.add_all([row, call])
            after = {"scorecard": row.id, "state": CardState.IN_REVIEW.value, "kept": sorted(kept)}
            session.add(_audit(actor, "accept_rescore", proposal.reviewed_id, after, reason))

    def keep_review(self, proposal: Proposal, actor: str, reason: str) -> None:
        """Decline the proposal: the review stays; the proposal is kept, set aside."""
        with self.session() as session:
            row = self._pending(session, proposal)
            row.state = SET_ASIDE
            session.add(row)
            after = {"set_aside": row.id}
            session.add(_audit(actor, "keep_review", proposal.reviewed_id, after, reason))

    def _pending(self, session: Session, proposal: Proposal) -> ScorecardRow:
        row = session.get(ScorecardRow, proposal.scorecard_id, with_for_update=True)
        call = session.get(CallRow, proposal.call_id)
        if row is None or row.state != PROPOSED or call is None:
            raise not_found("proposal for call", proposal.call_id, hint="See `qa rescore list`.")
        if call.current_scorecard_id != proposal.reviewed_id:
            raise not_found("proposal for call", proposal.call_id, hint="See `qa rescore list`.")
        return row
