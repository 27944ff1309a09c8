"""Calibration sessions: the same calls assigned blind to several supervisors, and their verdicts.

Calibration verdicts live apart from the official scorecard: recording one never changes a
call's score, status or review history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from qa.domain.calibration.agreement import Rating
from qa.errors import BadInputError
from qa.storage.base import StoreBase, not_found
from qa.storage.tables.calibration import (
    CalibrationAssignmentRow,
    CalibrationRow,
    CalibrationVerdictRow,
)
from qa.storage.tables.tables import (
    AuditEventRow,
    CallRow,
    ItemResultRow,
    SampleMemberRow,
    utcnow,
)

AUTOMATIC = "(automatic)"  # the rater name of the automatic scorer in agreement figures


@dataclass(frozen=True, slots=True)
class CalibrationSession:
    """A stored session: its sample, supervisors and the calls each of them scores."""

    id: int
    sample_id: int
    supervisors: tuple[str, ...]
    call_ids: tuple[int, ...]
    skipped: int = 0  # sample calls without a scorecard, left out


@dataclass(frozen=True, slots=True)
class CalibrationRatings:
    """Every verdict of a session: the supervisors' and the automatic scorer's."""

    session: CalibrationSession
    ratings: tuple[Rating, ...]  # supervisors' verdicts
    automatic: tuple[Rating, ...]  # the automatic verdicts of the same calls and items
    expected: int  # item verdicts the supervisors were asked for, all together


def _scored_members(session: Session, sample_id: int) -> list[tuple[int, int | None]]:
    query = (
        select(col(CallRow.id), col(CallRow.current_scorecard_id))
        .join(SampleMemberRow, col(SampleMemberRow.call_id) == col(CallRow.id))
        .where(col(SampleMemberRow.sample_id) == sample_id)
        .order_by(col(SampleMemberRow.position))
    )
    return [(int(call), card) for call, card in session.execute(query)]


class CalibrationStore(StoreBase):
    """Calibration sessions, assignments and blind verdicts."""

    def create_calibration(
        self, sample_id: int, supervisors: Sequence[str], created_by: str
    ) -> CalibrationSession:
        """Assign every scored call of the sample to each supervisor."""
        with self.session() as session:
            members = _scored_members(session, sample_id)
            scored = [(call, card) for call, card in members if card is not None]
            if not scored:
                raise BadInputError(
                    f"Sample {sample_id} has no scored calls to calibrate on.",
                    hint="Score the sample first with `qa score --sample ID`.",
                )
            row = CalibrationRow(
                sample_id=sample_id, created_by=created_by, supervisors=list(supervisors)
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            session.add_all(
                CalibrationAssignmentRow(
                    calibration_id=row.id, call_id=call, scorecard_id=card, supervisor=who
                )
                for call, card in scored
                for who in supervisors
            )
            session.add(_audit(created_by, row))
            calls = tuple(call for call, _ in scored)
            return CalibrationSession(
                row.id, sample_id, tuple(supervisors), calls, len(members) - len(scored)
            )

    def calibration(self, calibration_id: int) -> CalibrationSession:
        """A stored session; NotFoundError when there is none."""
        with self.session() as session:
            return _session(session, calibration_id)

    def record_calibration_verdict(
        self, call_id: int, supervisor: str, item_id: str, verdict: str, calibration_id: int | None
    ) -> int:
        """Store one blind verdict (replacing the supervisor's earlier one); returns the session."""
        with self.session() as session:
            assignment = _assignment(session, call_id, supervisor, calibration_id)
            items = session.execute(
                select(col(ItemResultRow.item_id)).where(
                    col(ItemResultRow.scorecard_id) == assignment.scorecard_id
                )
            ).scalars()
            known = list(items)
            if item_id not in known:
                raise BadInputError(
                    f"The scorecard of call {call_id} has no item {item_id!r}.",
                    hint=f"Items: {', '.join(known)}.",
                )
            _upsert(session, assignment, item_id, verdict)
            return assignment.calibration_id

    def calibration_ratings(self, calibration_id: int) -> CalibrationRatings:
        """The supervisors' and the automatic scorer's verdicts of a session."""
        with self.session() as session:
            found = _session(session, calibration_id)
            assigned = session.execute(
                select(CalibrationAssignmentRow).where(
                    col(CalibrationAssignmentRow.calibration_id) == calibration_id
                )
            ).scalars()
            assignments = {a.id: a for a in assigned}
            ratings = _supervisor_ratings(session, assignments)
            automatic, per_call = _automatic_ratings(session, assignments)
        expected = sum(per_call.get(a.call_id, 0) for a in assignments.values())
        return CalibrationRatings(found, tuple(ratings), tuple(automatic), expected)


def _audit(actor: str, row: CalibrationRow) -> AuditEventRow:
    return AuditEventRow(
        actor=actor,
        action="calibrate",
        entity="calibration",
        entity_id=str(row.id),
        after={"sample": row.sample_id, "supervisors": row.supervisors},
    )


def _session(session: Session, calibration_id: int) -> CalibrationSession:
    row = session.get(CalibrationRow, calibration_id)
    if row is None:
        raise not_found(
            "calibration", calibration_id, hint="Start one with `qa calibrate start SAMPLE`."
        )
    calls = session.execute(
        select(col(CalibrationAssignmentRow.call_id))
        .where(col(CalibrationAssignmentRow.calibration_id) == calibration_id)
        .distinct()
    ).scalars()
    return CalibrationSession(
        calibration_id, row.sample_id, tuple(row.supervisors), tuple(sorted(calls))
    )


def _assignment(
    session: Session, call_id: int, supervisor: str, calibration_id: int | None
) -> CalibrationAssignmentRow:
    query = select(CalibrationAssignmentRow).where(
        col(CalibrationAssignmentRow.call_id) == call_id,
        col(CalibrationAssignmentRow.supervisor) == supervisor,
    )
    if calibration_id is not None:
        query = query.where(col(CalibrationAssignmentRow.calibration_id) == calibration_id)
    found = session.exec(query.order_by(col(CalibrationAssignmentRow.id).desc())).first()
    if found is None:
        raise not_found(
            f"calibration assignment of {supervisor!r} for call",
            call_id,
            hint="Only calls assigned to you by `qa calibrate start` can be calibrated.",
        )
    return found


def _upsert(
    session: Session, assignment: CalibrationAssignmentRow, item_id: str, verdict: str
) -> None:
    assert assignment.id is not None
    row = session.exec(
        select(CalibrationVerdictRow).where(
            col(CalibrationVerdictRow.assignment_id) == assignment.id,
            col(CalibrationVerdictRow.item_id) == item_id,
        )
    ).first()
    row = row or CalibrationVerdictRow(assignment_id=assignment.id, item_id=item_id, verdict="")
    row.verdict, row.recorded_at = verdict, utcnow()
    session.add(row)


def _supervisor_ratings(
    session: Session, assignments: dict[int | None, CalibrationAssignmentRow]
) -> list[Rating]:
    verdicts = session.execute(
        select(CalibrationVerdictRow).where(
            col(CalibrationVerdictRow.assignment_id).in_(list(assignments))
        )
    ).scalars()
    return [
        Rating(
            str(assignments[v.assignment_id].call_id),
            v.item_id,
            assignments[v.assignment_id].supervisor,
            v.verdict,
        )
        for v in verdicts
    ]


def _automatic_ratings(
    session: Session, assignments: dict[int | None, CalibrationAssignmentRow]
) -> tuple[list[Rating], dict[int, int]]:
    cards = {a.scorecard_id: a.call_id for a in assignments.values()}
    items = session.execute(
        select(
            col(ItemResultRow.scorecard_id),
            col(ItemResultRow.item_id),
            col(ItemResultRow.auto_verdict),
        ).where(col(ItemResultRow.scorecard_id).in_(list(cards)))
    ).all()
    per_call: dict[int, int] = {}
    for card, _, _ in items:
        per_call[cards[card]] = per_call.get(cards[card], 0) + 1
    ratings = [Rating(str(cards[card]), item, AUTOMATIC, auto) for card, item, auto in items]
    return ratings, per_call
