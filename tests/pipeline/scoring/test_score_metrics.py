"""`metric` items in stored scoring, `qa check` and `qa eval`: the call's metrics decide them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.domain.call import AudioInfo, CallMeta
from qa.domain.metrics.metrics import CallMetrics
from qa.domain.rubric.parse import parse_rubric
from qa.domain.transcript import Segment, Transcript, transcript_to_dict
from qa.pipeline.scoring.score import score_stored
from qa.storage.records import FileRecord
from qa.storage.store import Store

HOLD = """name = "Hold"
[[items]]
id = "hold"
metric = "longest_silence"
max = 60
"""
HELD = Transcript(
    (
        Segment(0.5, 4.0, "agent", "Let me place you on hold."),
        Segment(95.0, 98.0, "agent", "Thanks for holding."),
    )
)


def _register(store: Store, name: str) -> int:
    record = FileRecord(
        path=f"/rec/{name}.wav",
        sha256=name * 8,
        size=10,
        mtime_ns=1,
        inode=1,
        meta=CallMeta(call_id=name),
        audio=AudioInfo(99.0, 2, 8000),
    )
    store.save_files([record])
    call = store.call_by_ref(name)
    store.save_transcript(call.id, HELD)
    return call.id


def test_stored_metrics_decide_metric_items(store: Store) -> None:
    measured, unmeasured = _register(store, "C-1"), _register(store, "C-2")
    metrics = CallMetrics(duration=99.0, longest_silence=12.5, source="audio")
    store.save_metrics(measured, metrics)
    score_stored(store, parse_rubric(HOLD), HOLD)
    (item,) = store.scorecard(measured).items  # type: ignore[union-attr]
    assert (item.verdict.value, item.reason) == ("pass", "longest silence 12.5 s is within limits")
    (item,) = store.scorecard(unmeasured).items  # type: ignore[union-attr]
    assert item.verdict.value == "uncertain" and "no call metrics" in item.reason


def test_check_measures_the_transcript_itself(tmp_path: Path) -> None:
    rubric = tmp_path / "hold.toml"
    rubric.write_text(HOLD, encoding="utf-8")
    path = tmp_path / "held.json"
    path.write_text(json.dumps(transcript_to_dict(HELD)), encoding="utf-8")
    done = CliRunner().invoke(app, ["check", str(path), "--rubric", str(rubric), "--json"])
    assert done.exit_code == 0, done.output
    (item,) = json.loads(done.stdout)["items"]
    assert item["verdict"] == "fail" and "91.0 s is over the maximum of 60.0 s" in item["reason"]
