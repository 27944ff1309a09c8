"""Building blocks for storage tests: files to register and scorecards to save."""

from __future__ import annotations

from datetime import datetime

from qa.domain.call import AudioInfo, CallMeta
from qa.domain.scorecard import Evidence, ItemResult, RubricRef, Scorecard, Verdict
from qa.storage.records import FileRecord
from qa.storage.store import Store

RUBRIC = RubricRef(name="Acme inbound", version="2026.1", sha256="ab" * 32)


def file_record(
    path: str,
    *,
    sha: str = "",
    agent: str = "sarah.k",
    call_id: str = "",
    started_at: datetime | None = None,
    readable: bool = True,
    problem: str = "",
    queue: str = "sales",
) -> FileRecord:
    """A file as ingest would hand it to the store."""
    return FileRecord(
        path=path,
        sha256=sha or f"{abs(hash(path)):064x}"[:64],
        size=1000,
        mtime_ns=1_700_000_000_000_000_000,
        inode=1,
        meta=CallMeta(
            call_id=call_id, agent=agent, started_at=started_at, queue=queue, offers=("x",)
        ),
        audio=AudioInfo(duration=12.5, channels=2, sample_rate=8000, codec="pcm_s16le")
        if readable
        else None,
        problem=problem,
    )


def register(store: Store, *records: FileRecord) -> list[int]:
    """Register files; returns their call ids in the order given."""
    store.save_files(records)
    by_path = {c.path: c.id for c in store.calls()}
    return [by_path[r.path] for r in records]


def scorecard(greeting: Verdict = Verdict.PASS, closing: Verdict = Verdict.FAIL) -> Scorecard:
    """A two-item scorecard (greeting 20 points, closing 10)."""
    evidence = Evidence(
        "thank you for calling acme", "thank you for calling acne", "agent", 0.5, 2.1, 94.1
    )
    return Scorecard(
        rubric=RUBRIC,
        items=(
            ItemResult("greeting", "Greets", "Opening", greeting, 20, evidence=(evidence,)),
            ItemResult("closing", "Closes", "Closing", closing, 10, reason="not heard"),
        ),
        call={"call_id": "C-1", "agent": "Sarah Kim"},
    )
