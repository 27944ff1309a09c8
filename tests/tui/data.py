"""Fixed review data: two agents, three calls with transcripts and scorecards, real audio."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from qa.domain.agents import Agent
from qa.domain.call import AudioInfo, CallMeta
from qa.domain.scorecard import Evidence, ItemResult, RubricRef, Scorecard, Verdict
from qa.domain.transcript import Segment, Transcript
from qa.storage.records import FileRecord
from qa.storage.store import Store

RUBRIC = RubricRef(name="Acme inbound", version="2026.1", sha256="cd" * 32)
AGENTS = [Agent("sarah.k", "Sarah Kim", ("Sara",), "sarah", "Sales"), Agent("tom.b", "Tom Berg")]
TRANSCRIPT = Transcript(
    segments=(
        Segment(0.5, 2.4, "agent", "thank you for calling acme wireless my name is sarah"),
        Segment(2.6, 4.0, "agent", "this call may be recorded for quality"),
        Segment(4.3, 6.0, "customer", "hi i want to upgrade my phone"),
        Segment(6.2, 8.5, "agent", "sure we can also add device protection"),
        Segment(8.8, 10.0, "customer", "no thanks that's all"),
        Segment(10.2, 11.8, "agent", "thanks for calling have a nice day"),
    ),
    duration=12.0,
    engine="whisper:base.en",
)


def _evidence(text: str, start: float, end: float, similarity: float) -> tuple[Evidence, ...]:
    return (Evidence(text, text, "agent", start, end, similarity),)


def first_scorecard() -> Scorecard:
    """Greeting passed, disclosure uncertain, protection offered, closing failed, tone pending."""
    return Scorecard(
        rubric=RUBRIC,
        items=(
            ItemResult(
                "greeting",
                "Greets with business and own name",
                "Opening",
                Verdict.PASS,
                20,
                evidence=_evidence("thank you for calling acme wireless", 0.5, 2.0, 96.0),
            ),
            ItemResult(
                "disclosure",
                "Recording disclosure",
                "Opening",
                Verdict.UNCERTAIN,
                10,
                critical=True,
                reason="similarity 82 is near the threshold 85",
                evidence=_evidence("this call may be recorded", 2.6, 3.6, 82.0),
            ),
            ItemResult(
                "protection_offer",
                "Offers device protection",
                "Sales",
                Verdict.PASS,
                15,
                evidence=_evidence("device protection", 7.2, 8.5, 100.0),
            ),
            ItemResult(
                "closing", "Closes the call", "Closing", Verdict.FAIL, 15, reason="not heard"
            ),
            ItemResult("demeanor", "Friendly tone", "Closing", Verdict.PENDING, 10),
        ),
        call={"call_id": "C-1001", "agent": "Sarah Kim"},
    )


def passing_scorecard() -> Scorecard:
    """Every item passed."""
    items = tuple(
        ItemResult(i, i.title(), "Opening", Verdict.PASS, 10) for i in ("greeting", "closing")
    )
    return Scorecard(rubric=RUBRIC, items=items)


def tone(path: Path, seconds: float = 12.0) -> Path:
    """A stereo 8 kHz recording made with sox."""
    command = [
        "sox",
        "-n",
        "-r",
        "8000",
        "-c",
        "2",
        str(path),
        "synth",
        str(seconds),
        "sine",
        "300",
    ]
    subprocess.run(command, check=True)
    return path


def _record(path: Path, ref: str, agent: str, queue: str, when: datetime) -> FileRecord:
    return FileRecord(
        path=str(path),
        sha256=ref.encode().hex().ljust(64, "0"),
        size=1000,
        mtime_ns=1_763_600_000_000_000_000,
        inode=1,
        meta=CallMeta(call_id=ref, agent=agent, started_at=when, queue=queue),
        audio=AudioInfo(duration=12.0, channels=2, sample_rate=8000, codec="pcm_s16le"),
    )


def fill(store: Store, folder: Path) -> dict[str, int]:
    """Store the three calls; returns their db ids by call id (C-1001, C-1002, C-1003)."""
    store.save_agents(AGENTS)
    audio = tone(folder / "call.wav") if not (folder / "call.wav").exists() else folder / "call.wav"
    records = [
        _record(audio, "C-1001", "sarah.k", "sales", datetime(2026, 11, 20, 9, 14, tzinfo=UTC)),
        _record(
            folder / "b.wav", "C-1002", "tom.b", "care", datetime(2026, 11, 20, 10, 2, tzinfo=UTC)
        ),
        _record(
            folder / "c.wav",
            "C-1003",
            "sarah.k",
            "sales",
            datetime(2026, 11, 21, 8, 30, tzinfo=UTC),
        ),
    ]
    store.save_files(records)
    ids = {c.meta.call_id: c.id for c in store.calls()}
    store.save_transcript(ids["C-1001"], TRANSCRIPT)
    store.save_scorecard(ids["C-1001"], first_scorecard())
    store.save_scorecard(ids["C-1002"], passing_scorecard())
    return ids
