"""Review persistence: verdict overrides, finalize and reopen under optimistic locking, comments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from qa.domain.call import ReviewStatus
from qa.domain.review.review import (
    CardState,
    Change,
    Comment,
    ReviewedCard,
    ReviewedItem,
    counts,
    finalize_refusal,
    reopen_refusal,
    verdict_refusal,
)
from qa.domain.scorecard import Scorecard, Verdict
from qa.errors import BadInputError, ConflictError
from qa.storage.base import StoreBase, not_found
from qa.storage.convert import as_utc, item_from_row, scorecard_from_rows
from qa.storage.tables.tables import (
    AuditEventRow,
    CallRow,
    CommentRow,
    ItemResultRow,
    ReviewRow,
    RubricRow,
    ScorecardRow,
    utcnow,
)

SCORECARDS = ScorecardRow.__table__  # type: ignore[attr-defined]


def apply_card_totals(row: ScorecardRow, card: Scorecard, state: CardState, actor: str) -> None:
    """Recompute a scorecard row's totals and counts from its current verdicts."""
    row.sqlmodel_update(
        {"score": card.score, "passed": card.passed, "auto_fail": card.auto_fail}
        | {"provisional": card.provisional, "state": state.value, "reviewed_by": actor}
        | counts(card.items)
    )
    row.updated_at = utcnow()


def card_audit(
    row: ScorecardRow, actor: str, action: str, item_id: str, before: str, after: str, reason: str
) -> AuditEventRow:
    """The audit event for one change to a scorecard (the new version inside `after`)."""
    return AuditEventRow(
        actor=actor,
        action=action,
        entity="scorecard",
        entity_id=str(row.id),
        before={"item": item_id, "value": str(before)},
        after={"item": item_id, "value": str(after), "version": row.version},
        reason=reason,
    )


def change_from_event(event: AuditEventRow) -> Change:
    """A scorecard's audit event as a change a person can be shown."""
    before: dict[str, Any] = event.before or {}
    after: dict[str, Any] = event.after or {}
    return Change(
        actor=event.actor,
        at=as_utc(event.at),
        action=event.action,
        item_id=str(after.get("item", "")),
        before=str(before.get("value", "")),
        after=str(after.get("value", "")),
        reason=event.reason,
        version=int(after.get("version", 0)),
    )


def _items(session: Session, scorecard_id: int) -> list[ItemResultRow]:
    query = select(ItemResultRow).where(ItemResultRow.scorecard_id == scorecard_id)
    return list(session.exec(query.order_by(col(ItemResultRow.position))).all())


def _last_reviews(session: Session, scorecard_id: int) -> dict[int, ReviewRow]:
    query = select(ReviewRow).where(ReviewRow.scorecard_id == scorecard_id)
    return {r.item_result_id or 0: r for r in session.exec(query.order_by(col(ReviewRow.id)))}


def _reviewed(row: ItemResultRow, review: ReviewRow | None) -> ReviewedItem:
    return ReviewedItem(
        result=item_from_row(row),
        auto_verdict=Verdict(row.auto_verdict),
        override_reason=review.reason if review else "",
        reviewer=review.reviewer if review else "",
    )


def _card(session: Session, row: ScorecardRow) -> ReviewedCard:
    assert row.id is not None
    rubric = session.get(RubricRow, row.rubric_id)
    assert rubric is not None
    items = _items(session, row.id)
    reviews = _last_reviews(session, row.id)
    return ReviewedCard(
        id=row.id,
        version=row.version,
        state=CardState(row.state),
        reviewed_by=row.reviewed_by,
        auto_score=row.auto_score,
        scorecard=scorecard_from_rows(row, rubric, items),
        items=tuple(_reviewed(i, reviews.get(i.id or 0)) for i in items),
    )


class ReviewStore(StoreBase):
    """What supervisors change on a scorecard; every change bumps its version and is audited."""

    def reviewed_card(self, call_id: int) -> ReviewedCard | None:
        """The call's current scorecard with automatic verdicts beside current ones."""
        with self.session() as session:
            call = session.get(CallRow, call_id)
            if call is None:
                raise not_found("call with id", call_id)
            if call.current_scorecard_id is None:
                return None
            row = session.get(ScorecardRow, call.current_scorecard_id)
            return _card(session, row) if row else None

    def changes_since(self, scorecard_id: int, version: int) -> list[Change]:
        """Changes made to a scorecard after `version`, oldest first."""
        query = select(AuditEventRow).where(
            AuditEventRow.entity == "scorecard", AuditEventRow.entity_id == str(scorecard_id)
        )
        with self.session() as session:
            events = session.exec(query.order_by(col(AuditEventRow.id))).all()
            changes = [change_from_event(e) for e in events]
        return [c for c in changes if c.version > version]

    def _claim(self, session: Session, scorecard_id: int, expected_version: int) -> ScorecardRow:
        """Bump the version if nobody else did since `expected_version`; else a ConflictError."""
        bumped = session.connection().execute(  # a cursor result: it counts the rows updated
            update(SCORECARDS)
            .where(SCORECARDS.c.id == scorecard_id, SCORECARDS.c.version == expected_version)
            .values(version=SCORECARDS.c.version + 1)
        )
        row = session.get(ScorecardRow, scorecard_id)
        if row is None:
            raise not_found("scorecard with id", scorecard_id)
        if bumped.rowcount != 1:
            raise self._conflict(session, row, expected_version)
        return row

    def _conflict(self, session: Session, row: ScorecardRow, expected: int) -> ConflictError:
        session.rollback()
        changes = tuple(self.changes_since(row.id or 0, expected))
        told = "; ".join(c.describe() for c in changes) or f"now at version {row.version}"
        return ConflictError(
            f"Someone else changed this scorecard while you had it open ({told}); "
            "nothing was overwritten.",
            hint="The call was reloaded with their change; apply yours again if it still holds.",
            changes=changes,
        )

    def set_item_verdict(
        self,
        scorecard_id: int,
        item_id: str,
        verdict: Verdict,
        *,
        expected_version: int,
        actor: str,
        reason: str = "",
    ) -> int:
        """Set one item's verdict (the automatic one is kept); returns the new version."""
        with self.session() as session:
            row = self._claim(session, scorecard_id, expected_version)
            item = next((i for i in _items(session, scorecard_id) if i.item_id == item_id), None)
            if item is None:
                raise not_found(f"item {item_id!r} on scorecard", scorecard_id)
            refusal = verdict_refusal(
                CardState(row.state), Verdict(item.auto_verdict), verdict, reason
            )
            if refusal:
                raise BadInputError(f"Cannot set {item_id} to {verdict.value}: {refusal}.")
            before, item.verdict = item.verdict, verdict.value
            session.add(item)
            session.add(
                ReviewRow(
                    scorecard_id=scorecard_id,
                    item_result_id=item.id,
                    reviewer=actor,
                    before=before,
                    after=verdict.value,
                    reason=reason,
                )
            )
            self._touch(session, row, CardState.IN_REVIEW, actor)
            session.add(card_audit(row, actor, "set_verdict", item_id, before, verdict, reason))
            return row.version

    def finalize_card(self, scorecard_id: int, *, expected_version: int, actor: str) -> int:
        """Lock the scorecard with its recomputed score; returns the new version."""
        with self.session() as session:
            row = self._claim(session, scorecard_id, expected_version)
            card = _card(session, row)
            refusal = finalize_refusal(card.state, card.scorecard.items)
            if refusal:
                raise BadInputError(f"Cannot finalize: {refusal}.", hint="Decide those first.")
            before = row.state
            self._touch(session, row, CardState.FINAL, actor)
            session.add(card_audit(row, actor, "finalize", "", before, CardState.FINAL, ""))
            return row.version

    def reopen_card(
        self, scorecard_id: int, *, expected_version: int, actor: str, reason: str
    ) -> int:
        """Unlock a final scorecard for more review; returns the new version."""
        with self.session() as session:
            row = self._claim(session, scorecard_id, expected_version)
            refusal = reopen_refusal(CardState(row.state), reason)
            if refusal:
                raise BadInputError(f"Cannot reopen: {refusal}.")
            self._touch(session, row, CardState.IN_REVIEW, actor)
            audit = card_audit(row, actor, "reopen", "", "final", CardState.IN_REVIEW, reason)
            session.add(audit)
            return row.version

    def _touch(self, session: Session, row: ScorecardRow, state: CardState, actor: str) -> None:
        session.flush()
        apply_card_totals(row, _card(session, row).scorecard, state, actor)
        session.add(row)
        call = session.get(CallRow, row.call_id)
        assert call is not None
        if call.status != ReviewStatus.DISPUTED or state == CardState.FINAL:
            status = ReviewStatus.FINAL if state == CardState.FINAL else ReviewStatus.IN_REVIEW
            call.status = status.value
        session.add(call)

    def add_comment(self, call_id: int, author: str, text: str, **where: Any) -> None:
        """A comment on a call, or on one item (item_id=...) at a time (at_seconds=...)."""
        if not text.strip():
            raise BadInputError("A comment cannot be empty.")
        with self.session() as session:
            call = session.get(CallRow, call_id)
            if call is None:
                raise not_found("call with id", call_id)
            item_id = str(where.get("item_id") or "")
            session.add(
                CommentRow(
                    call_id=call_id,
                    scorecard_id=call.current_scorecard_id,
                    item_id=item_id,
                    author=author,
                    at_seconds=where.get("at_seconds"),
                    text=text.strip(),
                )
            )
            session.add(
                AuditEventRow(
                    actor=author,
                    action="comment",
                    entity="call",
                    entity_id=str(call_id),
                    after={"item": item_id, "text": text.strip()},
                )
            )

    def comments(self, call_id: int) -> list[Comment]:
        """A call's comments, oldest first."""
        query = select(CommentRow).where(CommentRow.call_id == call_id)
        with self.session() as session:
            rows = session.exec(query.order_by(col(CommentRow.id))).all()
            return [
                Comment(r.author, r.text, r.item_id, r.at_seconds, as_utc(r.created_at))
                for r in rows
            ]
