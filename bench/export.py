"""Export speed: 10,000 scorecards to CSV, JSON, XLSX and PDF (targets 10 s, 10 s, 10 s, 60 s).

Rows are bulk-created with SQLAlchemy core in a fresh SQLite file. The baseline is loading the
scored calls (the export queries alone); each format's time is shown as a ratio to it.

    python bench/export.py [--calls 10000] [--repeat 3] [--pdf-repeat 1] [--formats csv,json]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update

from qa.domain.export.records import ExportFilter
from qa.pipeline.export.export import ExportOptions, scored_calls, write_calls
from qa.storage.store import Store
from qa.storage.tables.tables import (
    AgentRow,
    CallRow,
    ItemResultRow,
    ReviewRow,
    RubricRow,
    ScorecardRow,
)

TARGETS = {"csv": 10.0, "json": 10.0, "xlsx": 10.0, "pdf": 60.0}  # seconds for 10,000 scorecards
AGENTS = 40
ITEMS = [  # id, section, points, critical
    ("greeting", "Opening", 20, False),
    ("disclosure", "Opening", 10, True),
    ("verify_account", "Middle", 10, False),
    ("protection_offer", "Sales", 15, False),
    ("suggested_offers", "Sales", 15, False),
    ("courtesy", "Middle", 10, True),
    ("closing", "Closing", 15, False),
]
QUOTE = "thank you for calling acme wireless my name is sarah how can i help you today"


def _verdict(call: int, item: int) -> str:
    roll = (call * 7 + item * 13) % 20
    return "fail" if roll == 0 else "na" if roll == 1 else "uncertain" if roll == 2 else "pass"


def populate(store: Store, calls: int) -> None:
    """Agents, one rubric, `calls` calls each with a scorecard of seven items, some overrides."""
    start = datetime(2026, 9, 1, tzinfo=UTC)
    with store.engine.begin() as db:
        db.execute(
            insert(AgentRow.__table__),  # type: ignore[attr-defined]
            [
                {"id": f"agent{a}", "name": f"Agent {a}", "aliases": [], "login": f"a{a}"}
                | {"team": f"Team {a % 4}"}
                for a in range(AGENTS)
            ],
        )
        db.execute(
            insert(RubricRow.__table__),  # type: ignore[attr-defined]
            [
                {"id": 1, "sha256": "b" * 64, "name": "Acme inbound", "version": "2026.1"}
                | {
                    "text": 'name = "Acme"\n[[items]]\nid = "suggested_offers"\neach = "offers"\n',
                    "created_at": start,
                }
            ],
        )
        db.execute(insert(CallRow.__table__), [_call(i, start) for i in range(calls)])  # type: ignore[attr-defined]
        db.execute(insert(ScorecardRow.__table__), [_card(i, start) for i in range(calls)])  # type: ignore[attr-defined]
        db.execute(
            insert(ItemResultRow.__table__),  # type: ignore[attr-defined]
            [_item(c, i) for c in range(calls) for i in range(len(ITEMS))],
        )
        db.execute(
            insert(ReviewRow.__table__),  # type: ignore[attr-defined]
            [_review(c, start) for c in range(0, calls, 10)],
        )
        db.execute(update(CallRow.__table__).values(current_scorecard_id=CallRow.__table__.c.id))  # type: ignore[attr-defined]


def _call(i: int, start: datetime) -> dict[str, object]:
    return {
        "id": i + 1, "path": f"/rec/{i}.wav", "path_raw": f"/rec/{i}.wav".encode(),
        "sha256": f"{i:064x}", "size": 1, "mtime_ns": 0, "inode": i, "meta_stamp": "",
        "readable": True, "duration": 240.0, "codec": "pcm", "problem": "", "call_ref": f"C-{i}",
        "agent_id": f"agent{i % AGENTS}", "started_at": start + timedelta(minutes=13 * i),
        "queue": "sales", "direction": "inbound", "offers": ["family plan"], "extra": {},
        "status": "in_review" if i % 10 == 0 else "new", "transcript_state": "done",
        "transcript_problem": "", "created_at": start,
    }  # fmt: skip


def _card(i: int, start: datetime) -> dict[str, object]:
    return {
        "id": i + 1, "call_id": i + 1, "rubric_id": 1, "pass_mark": 80.0, "call_meta": {},
        "score": 85.0, "auto_score": 80.0, "passed": True, "auto_fail": False,
        "provisional": i % 20 == 2, "state": "automatic", "version": 1, "reviewed_by": "",
        "uncertain_count": 0, "failed_count": 0, "created_at": start, "updated_at": start,
    }  # fmt: skip


def _item(call: int, index: int) -> dict[str, object]:
    item_id, section, points, critical = ITEMS[index]
    evidence = [{"phrase": "thank you for calling {business}", "text": QUOTE, "speaker": "agent",
                 "start": 1.5, "end": 4.2, "similarity": 93.0}] if index == 0 else []  # fmt: skip
    verdict = _verdict(call, index)
    return {
        "scorecard_id": call + 1, "position": index, "item_id": item_id,
        "label": item_id.replace("_", " ").capitalize(), "section": section, "points": points,
        "critical": critical, "auto_verdict": verdict, "verdict": verdict,
        "reason": "" if verdict == "pass" else "phrase not heard in the window", "hint": "",
        "evidence": evidence,
    }  # fmt: skip


def _review(call: int, start: datetime) -> dict[str, object]:
    return {"scorecard_id": call + 1, "item_result_id": None, "reviewer": "maria",
            "before": "fail", "after": "pass", "reason": "heard after the hold",
            "created_at": start}  # fmt: skip


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs."""
    times = []
    for _ in range(max(repeat, 1)):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-repeat", type=int, default=1)
    parser.add_argument("--formats", default=",".join(TARGETS), help="e.g. csv,json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Store.open(f"sqlite:///{folder}/qa.db") as store:
        populate(store, args.calls)
        where = ExportFilter()
        load = median_seconds(lambda: scored_calls(store, where), args.repeat)
        calls = scored_calls(store, where)
        print(f"{len(calls)} scorecards; load (baseline) median {load:.2f} s")
        print(f"{'format':8}{'write s':>9}{'total s':>9}{'x load':>8}{'target s':>10}  size")
        for fmt in args.formats.split(","):
            target = TARGETS[fmt]
            out = Path(folder) / f"export.{fmt}"
            repeat = args.pdf_repeat if fmt == "pdf" else args.repeat
            options = ExportOptions(fmt)
            write = median_seconds(lambda: write_calls(calls, out, options, where), repeat)  # noqa: B023
            total = load + write
            size = out.stat().st_size / 1e6
            verdict = "ok" if total <= target else "OVER"
            figures = f"{write:9.2f}{total:9.2f}{total / load:8.1f}{target:10.0f}"
            print(f"{fmt:8}{figures}  {size:.1f} MB {verdict}")


if __name__ == "__main__":
    main()
