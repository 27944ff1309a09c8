"""Calls in the database: lookups and the filtered lists the CLI, sampler and review queue use."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from qa.domain.call import Call, ReviewStatus
from qa.errors import BadInputError, NotFoundError
from qa.storage.base import StoreBase, is_row_id, not_found
from qa.storage.convert import as_utc, call_from_row
from qa.storage.tables.tables import CallRow, SampleMemberRow, ScorecardRow

CALL_TIME = func.coalesce(CallRow.started_at, CallRow.recorded_at)  # file time when no metadata


def calls_with_score() -> Any:
    """Select calls with the score and state (final or not) of their current scorecard."""
    return select(CallRow, ScorecardRow.score, ScorecardRow.state).outerjoin(
        ScorecardRow, col(ScorecardRow.id) == col(CallRow.current_scorecard_id)
    )


def _filtered(query: Any, **where: Any) -> Any:
    if where["status"]:
        query = query.where(CallRow.status == str(where["status"]))
    if where["agent"]:
        query = query.where(CallRow.agent_id == where["agent"])
    if where["unreadable"] is not None:
        query = query.where(CallRow.readable == (not where["unreadable"]))
    if where["problems"] is not None:
        has_problem = (CallRow.problem != "") | (CallRow.transcript_problem != "")
        query = query.where(has_problem if where["problems"] else ~has_problem)
    if where["queue"]:
        query = query.where(CallRow.queue == where["queue"])
    if where["since"] is not None:
        query = query.where(CALL_TIME >= as_utc(where["since"]))
    if where["until"] is not None:
        query = query.where(CALL_TIME < as_utc(where["until"]))
    return query


class CallStore(StoreBase):
    """Registered recordings and their state."""

    def call(self, call_id: int) -> Call:
        """The call with this db id; NotFoundError when there is none."""
        if not is_row_id(call_id):
            raise not_found("call with id", call_id)
        with self.session() as session:
            found = session.exec(calls_with_score().where(CallRow.id == call_id)).first()
        if found is None:
            raise not_found("call with id", call_id)
        return call_from_row(*found)

    def call_by_ref(self, ref: str) -> Call:
        """A call by db id (digits) or by its metadata call_id, or else its file name or stem."""
        ref = ref.strip()
        if ref.isdigit():
            try:
                return self.call(int(ref))
            except NotFoundError:
                pass  # digits may also be a metadata call_id
        with self.session() as session:
            for column in (CallRow.call_ref, CallRow.path):
                ids = _ids_matching(session, column, ref)
                if ids:
                    return self._one_of(ids, ref)
        raise not_found("call", repr(ref), hint="Give a db id or a call_id; see `qa calls`.")

    def _one_of(self, ids: list[int], ref: str) -> Call:
        if len(ids) > 1:
            raise BadInputError(
                f"{len(ids)} calls match {ref!r} (ids {', '.join(map(str, ids[:10]))}).",
                hint="Give the db id instead.",
            )
        return self.call(ids[0])

    def calls(
        self,
        *,
        status: str | None = None,
        agent: str | None = None,
        unreadable: bool | None = None,
        sample_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        queue: str | None = None,
        problems: bool | None = None,
    ) -> list[Call]:
        """Calls matching every filter given (since inclusive, until exclusive), oldest first.

        With `sample_id`, only that sample's calls, in the order they were drawn.
        `problems=True` keeps calls with any recorded problem (unreadable, bad sidecar,
        unknown agent, failed transcription).
        """
        query = _filtered(
            calls_with_score(),
            status=status,
            agent=agent,
            unreadable=unreadable,
            problems=problems,
            queue=queue,
            since=since,
            until=until,
        )
        if sample_id is not None:
            query = query.join(SampleMemberRow, col(SampleMemberRow.call_id) == col(CallRow.id))
            query = query.where(SampleMemberRow.sample_id == sample_id)
            query = query.order_by(col(SampleMemberRow.position))
        else:
            query = query.order_by(CALL_TIME, col(CallRow.id))
        with self.session() as session:
            return [call_from_row(*found) for found in session.exec(query)]

    def set_status(self, call_id: int, status: ReviewStatus) -> None:
        """Move a call to another review status."""
        with self.session() as session:
            row = session.get(CallRow, call_id)
            if row is None:
                raise not_found("call with id", call_id)
            row.status = status.value
            session.add(row)

    def count_calls(self) -> int:
        """How many calls are registered."""
        with self.session() as session:
            return int(session.exec(select(func.count()).select_from(CallRow)).one())


def _ids_matching(session: Session, column: Any, ref: str) -> list[int]:
    if column is CallRow.path:
        return _ids_by_file_name(session, ref)
    query = select(CallRow.id).where(column == ref).order_by(col(CallRow.id))
    return [int(i or 0) for i in session.exec(query)]


def _ids_by_file_name(session: Session, ref: str) -> list[int]:
    name = PurePath(ref).name
    path_column: Any = col(CallRow.path)
    query = select(CallRow.id, CallRow.path).where(path_column.contains(name, autoescape=True))
    found = session.exec(query.order_by(col(CallRow.id))).all()
    return [
        int(i or 0)
        for i, path in found
        if path == ref or name in (PurePath(path).name, PurePath(path).stem)
    ]
