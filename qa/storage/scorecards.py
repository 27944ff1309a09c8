"""Rubrics (by content hash) and scorecards with their item verdicts; history is kept."""

from __future__ import annotations

from sqlmodel import Session, col, select

from qa.domain.review.rescore import touched
from qa.domain.review.review import counts
from qa.domain.scorecard import RubricRef, Scorecard, Verdict
from qa.errors import ConflictError
from qa.storage.base import StoreBase, not_found
from qa.storage.convert import gap_to_json, item_to_row, scorecard_from_rows
from qa.storage.tables.tables import CallRow, ItemResultRow, RubricRow, ScorecardRow, utcnow


def _rubric_id(session: Session, ref: RubricRef) -> int:
    row = session.exec(select(RubricRow).where(RubricRow.sha256 == ref.sha256)).first()
    if row is None:  # scored before the text was saved; save_rubric fills the text in later
        row = RubricRow(sha256=ref.sha256, name=ref.name, version=ref.version, text="")
        session.add(row)
        session.flush()
    assert row.id is not None
    return row.id


def _load(session: Session, row: ScorecardRow) -> Scorecard:
    rubric = session.get(RubricRow, row.rubric_id)
    assert rubric is not None
    items = session.exec(
        select(ItemResultRow)
        .where(ItemResultRow.scorecard_id == row.id)
        .order_by(col(ItemResultRow.position))
    ).all()
    return scorecard_from_rows(row, rubric, list(items))


def _apply_totals(row: ScorecardRow, card: Scorecard) -> None:
    row.score = card.score
    row.passed = card.passed
    row.auto_fail = card.auto_fail
    row.provisional = card.provisional
    row.sqlmodel_update(counts(card.items))  # the review queue's denormalised counts
    row.updated_at = utcnow()


def _refuse_replacing_a_review(session: Session, call: CallRow) -> None:
    """A machine never replaces a scorecard a person has touched (pipeline/scoring/score.py
    stores the new version beside it instead); this guards every other path."""
    current = (
        session.get(ScorecardRow, call.current_scorecard_id) if call.current_scorecard_id else None
    )
    if current is not None and touched(current.state, call.status):
        raise ConflictError(
            f"Call {call.call_ref or call.id}'s scorecard has been reviewed; it is not replaced.",
            hint="Re-scoring stores a new version beside it: see `qa rescore list`.",
        )


class ScorecardStore(StoreBase):
    """Scorecards: every automatic scoring is kept; the newest is the call's current one."""

    def save_rubric(self, name: str, version: str, sha256: str, text: str) -> int:
        """Store a rubric's exact text once per content hash; returns its row id."""
        with self.session() as session:
            row = session.exec(select(RubricRow).where(RubricRow.sha256 == sha256)).first()
            if row is None:
                row = RubricRow(sha256=sha256, name=name, version=version, text=text)
            elif not row.text:
                row.text = text
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

    def rubric_text(self, sha256: str) -> str | None:
        """The exact rubric text a scorecard was scored against."""
        with self.session() as session:
            row = session.exec(select(RubricRow).where(RubricRow.sha256 == sha256)).first()
            return row.text if row else None

    def save_scorecard(self, call_id: int, scorecard: Scorecard) -> int:
        """Add an automatic scorecard for a call; it becomes the call's current one."""
        with self.session() as session:
            call = session.get(CallRow, call_id)
            if call is None:
                raise not_found("call with id", call_id)
            _refuse_replacing_a_review(session, call)
            row = ScorecardRow(
                call_id=call_id,
                rubric_id=_rubric_id(session, scorecard.rubric),
                pass_mark=scorecard.pass_mark,
                call_meta=dict(scorecard.call),
                gaps=[gap_to_json(g) for g in scorecard.gaps],
                auto_score=scorecard.score,
            )
            _apply_totals(row, scorecard)
            session.add(row)
            session.flush()
            assert row.id is not None
            session.add_all(item_to_row(row.id, i, item) for i, item in enumerate(scorecard.items))
            call.current_scorecard_id = row.id
            session.add(call)
            return row.id

    def scorecard(self, call_id: int) -> Scorecard | None:
        """The call's current scorecard (with overridden verdicts), or None."""
        with self.session() as session:
            call = session.get(CallRow, call_id)
            if call is None or call.current_scorecard_id is None:
                return None
            row = session.get(ScorecardRow, call.current_scorecard_id)
            return _load(session, row) if row else None

    def scorecard_history(self, call_id: int) -> list[Scorecard]:
        """Every scorecard of a call, oldest first."""
        with self.session() as session:
            rows = session.exec(
                select(ScorecardRow)
                .where(ScorecardRow.call_id == call_id)
                .order_by(col(ScorecardRow.id))
            ).all()
            return [_load(session, r) for r in rows]

    def current_scorecard_version(self, call_id: int) -> tuple[int, int] | None:
        """(scorecard row id, version) of the call's current scorecard, for optimistic locking."""
        with self.session() as session:
            call = session.get(CallRow, call_id)
            if call is None or call.current_scorecard_id is None:
                return None
            row = session.get(ScorecardRow, call.current_scorecard_id)
            return (call.current_scorecard_id, row.version) if row else None

    def set_verdict(
        self, scorecard_id: int, item_id: str, verdict: Verdict, expected_version: int
    ) -> int:
        """Override one item's current verdict (the automatic one is kept); returns new version.

        Raises ConflictError when the scorecard changed since `expected_version` was read.
        """
        with self.session() as session:
            row = session.get(ScorecardRow, scorecard_id, with_for_update=True)
            if row is None:
                raise not_found("scorecard with id", scorecard_id)
            if row.version != expected_version:
                raise ConflictError(
                    f"Scorecard {scorecard_id} changed (version {row.version}, "
                    f"you had {expected_version}); nothing was overwritten.",
                    hint="Reload the call and apply your change again.",
                )
            item = session.exec(
                select(ItemResultRow).where(
                    ItemResultRow.scorecard_id == scorecard_id, ItemResultRow.item_id == item_id
                )
            ).first()
            if item is None:
                raise not_found(f"item {item_id!r} on scorecard", scorecard_id)
            item.verdict = verdict.value
            session.add(item)
            session.flush()
            row.version += 1
            _apply_totals(row, _load(session, row))
            session.add(row)
            return row.version
