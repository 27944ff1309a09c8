"""Transcripts in the database: one per call, segments as rows, and the transcription state."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, select

from qa.domain.call import Call, TranscriptState
from qa.domain.transcript import Transcript, transcript_to_dict
from qa.storage.base import StoreBase, not_found
from qa.storage.calls import calls_with_score
from qa.storage.convert import call_from_row, segment_to_row, transcript_from_rows
from qa.storage.tables.tables import (
    AuditEventRow,
    CallRow,
    SampleMemberRow,
    SegmentRow,
    TranscriptRow,
)


def _call_row(session: Session, call_id: int) -> CallRow:
    row = session.get(CallRow, call_id)
    if row is None:
        raise not_found("call with id", call_id)
    return row


_HEAD_KEYS = {"format", "language", "duration", "engine", "segments"}


def _extra_of(transcript: Transcript) -> dict[str, object]:
    """What the transcript row keeps as JSON: unknown keys, gaps and speaker separation."""
    document = transcript_to_dict(transcript)
    return {k: v for k, v in document.items() if k not in _HEAD_KEYS}


class TranscriptStore(StoreBase):
    """What speech recognition (or a transcript file) produced for each call."""

    def save_transcript(
        self, call_id: int, transcript: Transcript, audit: AuditEventRow | None = None
    ) -> None:
        """Store a call's transcript, replacing any older one; the call becomes transcribed.

        A person's change to a transcript (`audit`) is logged in the same transaction.
        """
        with self.session() as session:
            if audit is not None:
                session.add(audit)
            call = _call_row(session, call_id)
            session.exec(delete(TranscriptRow).where(col(TranscriptRow.call_id) == call_id))
            head = TranscriptRow(
                call_id=call_id,
                language=transcript.language,
                duration=transcript.duration,
                engine=transcript.engine,
                extra=_extra_of(transcript),
            )
            session.add(head)
            session.flush()
            assert head.id is not None
            session.add_all(
                segment_to_row(head.id, i, s) for i, s in enumerate(transcript.segments)
            )
            call.transcript_state = TranscriptState.DONE.value
            call.transcript_problem = ""
            call.transcript_input = ""
            session.add(call)

    def transcript(self, call_id: int) -> Transcript | None:
        """A call's transcript, or None when it has none yet."""
        with self.session() as session:
            head = session.exec(
                select(TranscriptRow).where(TranscriptRow.call_id == call_id)
            ).first()
            if head is None:
                return None
            segments = session.exec(
                select(SegmentRow)
                .where(SegmentRow.transcript_id == head.id)
                .order_by(col(SegmentRow.position))
            ).all()
            return transcript_from_rows(head.model_dump(), list(segments))

    def mark_transcript_failed(self, call_id: int, reason: str, seen: str = "") -> None:
        """Record why a call could not be transcribed and the input it failed on (`seen`):
        the next run retries it only once that input has changed."""
        with self.session() as session:
            call = _call_row(session, call_id)
            call.transcript_state = TranscriptState.FAILED.value
            call.transcript_problem = reason
            call.transcript_input = seen
            session.add(call)

    def failed_inputs(self) -> dict[int, str]:
        """The input each failed transcription saw, by call id."""
        query = select(CallRow.id, CallRow.transcript_input).where(
            CallRow.transcript_state == TranscriptState.FAILED.value
        )
        with self.session() as session:
            return {int(i or 0): seen for i, seen in session.exec(query)}

    def calls_to_transcribe(self, sample_id: int | None = None) -> list[Call]:
        """Readable calls without a transcript (failed ones included), optionally of one sample."""
        query = calls_with_score().where(
            CallRow.readable == True,  # noqa: E712  (SQL expression, not a Python test)
            CallRow.transcript_state != TranscriptState.DONE.value,
        )
        if sample_id is not None:
            query = query.join(SampleMemberRow, col(SampleMemberRow.call_id) == col(CallRow.id))
            query = query.where(SampleMemberRow.sample_id == sample_id)
            query = query.order_by(col(SampleMemberRow.position))
        else:
            query = query.order_by(col(CallRow.id))
        with self.session() as session:
            return [call_from_row(*found) for found in session.exec(query)]
