"""Call metrics in the database: one JSON row per call, replaced when the call is measured again."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from qa.domain.call import TranscriptState
from qa.domain.metrics.metrics import CallMetrics
from qa.storage.base import StoreBase, not_found
from qa.storage.convert import as_utc
from qa.storage.tables.metrics import CallMetricsRow
from qa.storage.tables.tables import CallRow, TranscriptRow, utcnow


class MetricsStore(StoreBase):
    """Talk time, silence, overtalk, pace and pitch of each measured call."""

    def save_metrics(self, call_id: int, metrics: CallMetrics) -> None:
        """Store a call's metrics, replacing older ones."""
        with self.session() as session:
            if session.get(CallRow, call_id) is None:
                raise not_found("call with id", call_id)
            row = session.get(CallMetricsRow, call_id) or CallMetricsRow(call_id=call_id)
            row.source, row.metrics = metrics.source, metrics.to_dict()
            row.computed_at = utcnow()
            session.add(row)

    def metrics(self, call_id: int) -> CallMetrics | None:
        """A call's metrics, or None when it has not been measured."""
        with self.session() as session:
            row = session.get(CallMetricsRow, call_id)
            return None if row is None else CallMetrics.from_dict(row.metrics)

    def calls_to_measure(self) -> list[int]:
        """Transcribed calls with no metrics yet, or metrics older than their transcript."""
        query = (
            select(CallRow.id, CallMetricsRow.computed_at, TranscriptRow.created_at)
            .join(TranscriptRow, col(TranscriptRow.call_id) == col(CallRow.id))
            .outerjoin(CallMetricsRow, col(CallMetricsRow.call_id) == col(CallRow.id))
            .where(CallRow.transcript_state == TranscriptState.DONE.value)
            .order_by(col(CallRow.id))
        )
        with self.session() as session:
            found = session.exec(query).all()
        return [
            call_id for call_id, measured, heard in found if call_id and _stale(measured, heard)
        ]


def _stale(measured: datetime | None, transcribed: datetime | None) -> bool:
    measured_at, transcribed_at = as_utc(measured), as_utc(transcribed)
    if measured_at is None:
        return True
    return transcribed_at is not None and measured_at < transcribed_at
