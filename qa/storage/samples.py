"""Sampling draws and their members, and the append-only audit log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from qa.storage.base import StoreBase, is_row_id, not_found
from qa.storage.convert import as_utc
from qa.storage.records import SampleMember, SampleRecord
from qa.storage.tables.tables import AuditEventRow, SampleMemberRow, SampleRow

IDS_PER_QUERY = 1000  # call ids per IN (...): well under SQLite's bound-parameter limit


def _record(session: Session, row: SampleRow) -> SampleRecord:
    members = session.exec(
        select(SampleMemberRow)
        .where(SampleMemberRow.sample_id == row.id)
        .order_by(col(SampleMemberRow.position))
    ).all()
    drawn_at = as_utc(row.drawn_at)
    assert row.id is not None and drawn_at is not None
    return SampleRecord(
        id=row.id,
        params=dict(row.params),
        seed=row.seed,
        drawn_by=row.drawn_by,
        drawn_at=drawn_at,
        population={str(k): int(v) for k, v in row.population.items()},
        members=tuple(SampleMember(call_id=m.call_id, stratum=m.stratum) for m in members),
        open=row.open,
    )


def _jsonable(value: Any) -> Any:
    # Audit snapshots hold whatever the caller had (dataclasses, datetimes): keep a faithful text.
    return json.loads(json.dumps(value, default=str))


class SampleStore(StoreBase):
    """Seeded sampling draws (reproducible) and the audit trail."""

    def save_sample(
        self,
        params: dict[str, Any],
        seed: int,
        drawn_by: str,
        population: dict[str, int],
        members: Sequence[tuple[int, str]],
    ) -> int:
        """Store a draw and its members (call db id, stratum) in draw order; returns its id."""
        with self.session() as session:
            row = SampleRow(
                params=_jsonable(params), seed=seed, drawn_by=drawn_by, population=population
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            session.add_all(
                SampleMemberRow(sample_id=row.id, call_id=call_id, stratum=stratum, position=i)
                for i, (call_id, stratum) in enumerate(members)
            )
            return row.id

    def sample(self, sample_id: int) -> SampleRecord:
        """A stored draw; NotFoundError when there is none."""
        with self.session() as session:
            row = session.get(SampleRow, sample_id) if is_row_id(sample_id) else None
            if row is None:
                raise not_found("sample", sample_id, hint="List samples with `qa sample list`.")
            return _record(session, row)

    def samples(self) -> list[SampleRecord]:
        """Every draw, oldest first."""
        with self.session() as session:
            rows = session.exec(select(SampleRow).order_by(col(SampleRow.id))).all()
            return [_record(session, r) for r in rows]

    def call_samples(self, call_ids: list[int]) -> dict[int, list[int]]:
        """The samples each call was drawn into, oldest first (calls never drawn are absent)."""
        found: dict[int, list[int]] = {}
        with self.session() as session:
            for start in range(0, len(call_ids), IDS_PER_QUERY):
                chunk = call_ids[start : start + IDS_PER_QUERY]
                rows = session.exec(
                    select(SampleMemberRow.call_id, SampleMemberRow.sample_id)
                    .where(col(SampleMemberRow.call_id).in_(chunk))
                    .order_by(col(SampleMemberRow.sample_id))
                )
                for call_id, sample_id in rows:
                    found.setdefault(call_id, []).append(sample_id)
        return found

    def close_sample(self, sample_id: int) -> None:
        """Mark a draw as done (no longer offered as the default sample)."""
        with self.session() as session:
            row = session.get(SampleRow, sample_id)
            if row is None:
                raise not_found("sample", sample_id)
            row.open = False
            session.add(row)

    def record_audit(
        self,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        before: Any,
        after: Any,
        reason: str = "",
    ) -> None:
        """Append an audit event (never updated or deleted)."""
        with self.session() as session:
            session.add(
                AuditEventRow(
                    actor=actor,
                    action=action,
                    entity=entity,
                    entity_id=str(entity_id),
                    before=_jsonable(before),
                    after=_jsonable(after),
                    reason=reason,
                )
            )

    def audit_events(
        self, entity: str | None = None, entity_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Audit events, oldest first, optionally for one entity."""
        query = select(AuditEventRow).order_by(col(AuditEventRow.id))
        if entity is not None:
            query = query.where(AuditEventRow.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEventRow.entity_id == str(entity_id))
        with self.session() as session:
            return [{**r.model_dump(), "at": as_utc(r.at)} for r in session.exec(query).all()]
