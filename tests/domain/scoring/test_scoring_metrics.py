"""`metric` rubric items: a call's measured talk, silence or pace against the item's limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.metrics.metrics import CallMetrics, metrics_from_transcript
from qa.domain.rubric.parse import check_rubric, load_rubric, parse_rubric
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript

REPO = Path(__file__).resolve().parents[3]
RUBRIC = parse_rubric("""name = "Holds"
[[items]]
id = "hold"
label = "No hold over a minute"
metric = "longest_silence"
max = 60
critical = true
[[items]]
id = "share"
metric = "talk_ratio"
min = 0.3
max = 0.7
[[items]]
id = "pace"
metric = "agent_wpm"
max = 180
applies_to = { queue = ["sales"] }
""")
CALL = Transcript(
    (
        Segment(0.0, 20.0, "agent", "thank you for calling, let me check that for you"),
        Segment(21.0, 30.0, "customer", "okay"),
        Segment(100.0, 110.0, "agent", "thanks for holding"),
    )
)


def _verdicts(metrics: CallMetrics | None, meta: dict[str, object] | None = None) -> dict[str, str]:
    card = score_call(CALL, RUBRIC, None, meta or {}, metrics)
    return {i.item_id: f"{i.verdict.value}: {i.reason}" for i in card.items}


def test_a_long_hold_fails_the_critical_metric_item_with_the_value_in_the_reason() -> None:
    found = _verdicts(metrics_from_transcript(CALL), {"queue": "sales"})
    assert found["hold"] == "fail: longest silence 70.0 s is over the maximum of 60.0 s"
    assert found["share"].startswith("fail: agent share of talk time 77%")
    card = score_call(CALL, RUBRIC, None, {}, metrics_from_transcript(CALL))
    assert card.auto_fail and card.score == 0


def test_within_limits_passes() -> None:
    metrics = CallMetrics(duration=90.0, talk_time={"agent": 30.0, "customer": 30.0},
                          talk_ratio=0.5, longest_silence=12.0)  # fmt: skip
    found = _verdicts(metrics)
    assert found["hold"].startswith("pass: longest silence 12.0 s")
    assert found["share"].startswith("pass")


def test_unknown_metric_or_no_metrics_is_uncertain_and_filters_still_apply() -> None:
    assert _verdicts(CallMetrics(duration=9.0), {"queue": "sales"})["pace"] == (
        "uncertain: agent speaking rate is unknown for this call"
    )
    assert _verdicts(None)["hold"].startswith("uncertain: no call metrics")
    assert _verdicts(CallMetrics(duration=9.0), {"queue": "support"})["pace"].startswith("na:")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('metric = "longest_silense"\nmax = 60', "did you mean `longest_silence`?"),
        ('metric = "talk_ratio"', "needs `min`, `max` or both"),
        ('metric = "talk_ratio"\nmin = 0.8\nmax = 0.2', "above `max`"),
        ('metric = "talk_ratio"\nmax = "lots"', "`max` must be a number"),
        ('any = ["hello"]\nmax = 3', "`max` applies only to a `metric` item"),
        ('metric = "overtalk"\nmax = 5\nany = ["hi"]', "exactly one of any/all/none/each/manual"),
    ],
)
def test_metric_items_are_linted(body: str, message: str) -> None:
    _, problems = check_rubric(f'name = "R"\n[[items]]\nid = "m"\n{body}\n', "r.toml")
    assert any(message in str(p) and "r.toml:" in str(p) for p in problems), problems


def test_the_support_rubric_limits_holds_to_a_minute() -> None:
    item = load_rubric(REPO / "rubrics" / "support.toml").item("hold_length")
    assert item is not None and (item.kind, item.metric, item.maximum) == (
        "metric",
        "longest_silence",
        60.0,
    )
