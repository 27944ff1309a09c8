"""Registered audio files as ingest sees them: stamps to skip unchanged files, bulk writes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import col

from qa.storage.base import StoreBase
from qa.storage.convert import audio_columns, meta_columns, printable_path
from qa.storage.records import FileRecord, FileStamp
from qa.storage.tables.tables import CallRow, utcnow

CALLS = CallRow.__table__  # type: ignore[attr-defined]


def file_columns(record: FileRecord) -> dict[str, Any]:
    """Every call column ingest sets for one file."""
    return {
        "path": printable_path(record.path),
        "path_raw": os.fsencode(record.path),
        "sha256": record.sha256,
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "inode": record.inode,
        "meta_stamp": record.meta_stamp,
        "problem": record.problem,
        "codec": "",
        "recorded_at": datetime.fromtimestamp(record.mtime_ns / 1e9, UTC),
        **audio_columns(record.audio),
        **meta_columns(record.meta),
    }


def _new_row(record: FileRecord, now: datetime) -> dict[str, Any]:
    return {
        **file_columns(record),
        "status": "new",
        "transcript_state": "pending",
        "transcript_problem": "",
        "transcript_input": "",
        "created_at": now,
    }


class FileStore(StoreBase):
    """What ingest needs: what is known about each file, and batched inserts and updates."""

    def known_files(self) -> list[FileStamp]:
        """The stamp of every registered file, in one query."""
        columns: tuple[Any, ...] = (
            CallRow.id,
            CallRow.path_raw,
            CallRow.sha256,
            CallRow.size,
            CallRow.mtime_ns,
            CallRow.inode,
            CallRow.meta_stamp,
            CallRow.readable,
        )
        query = select(*columns)
        with self.session() as session:
            return [
                FileStamp(i, os.fsdecode(raw), sha, size, mtime, inode, stamp, readable)
                for i, raw, sha, size, mtime, inode, stamp, readable in session.execute(query)
            ]

    def save_files(
        self, new: Sequence[FileRecord], changed: Sequence[tuple[int, FileRecord]] = ()
    ) -> None:
        """Insert new files and rewrite changed ones, in one transaction."""
        now = utcnow()
        with self.session() as session:
            if new:
                session.execute(insert(CALLS), [_new_row(r, now) for r in new])
            if changed:
                rows = [{"_id": call_id, **file_columns(r)} for call_id, r in changed]
                statement = update(CALLS).where(CALLS.c.id == bindparam("_id"))
                session.connection().execute(statement, rows)

    def call_refs(self) -> dict[str, tuple[int, str]]:
        """Each metadata call_id with the db id and path of the (first) call holding it."""
        columns = col(CallRow.call_ref), col(CallRow.id), col(CallRow.path_raw)
        query = select(*columns).where(col(CallRow.call_ref) != "")
        owners: dict[str, tuple[int, str]] = {}
        with self.session() as session:
            for ref, call_id, raw in session.execute(query.order_by(col(CallRow.id))):
                owners.setdefault(ref, (int(call_id), os.fsdecode(raw)))
        return owners

    def move_file(self, call_id: int, record: FileRecord) -> None:
        """A known recording found at a new path: only its file columns change."""
        self.save_files((), [(call_id, record)])
