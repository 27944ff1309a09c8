"""Report figures from plain scored-call records, checked against numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.domain.export.records import ItemRecord, ScoredCall
from qa.domain.metrics.metrics import CallMetrics
from qa.domain.reports.reporting import (
    by_agent,
    by_item,
    by_period,
    by_team,
    offer_item_ids,
    offer_made,
    period_key,
    score_band,
)
from qa.domain.scorecard import Verdict

P, F, NA, U = Verdict.PASS, Verdict.FAIL, Verdict.NA, Verdict.UNCERTAIN


def item(item_id: str, verdict: Verdict, auto: Verdict | None = None) -> ItemRecord:
    return ItemRecord(item_id, item_id.title(), "", 10, False, auto or verdict, verdict)


def call(
    agent: str,
    score: float,
    *items: ItemRecord,
    day: int = 2,
    team: str = "Sales",
    metrics: CallMetrics | None = None,
    offers: frozenset[str] = frozenset({"upsells"}),
    state: str = "final",
    **flags: bool,
) -> ScoredCall:
    return ScoredCall(
        call_id=day,
        call_ref=f"C-{day}",
        agent_id=agent,
        agent_name=agent.title(),
        team=team,
        started_at=datetime(2026, 11, day, 9, tzinfo=UTC),
        queue="sales",
        duration=60.0,
        status="new",
        rubric_name="R",
        rubric_version="1",
        pass_mark=80.0,
        score=score,
        auto_score=score,
        passed=flags.get("passed", score >= 80),
        auto_fail=flags.get("auto_fail", False),
        provisional=flags.get("provisional", False),
        card_state=state,
        reviewer="",
        items=items,
        offer_items=offers,
        metrics=metrics,
    )


CALLS = [
    call(
        "ann",
        90,
        item("greeting", P),
        item("upsells", P),
        day=2,
        metrics=CallMetrics(100, talk_ratio=0.7, longest_silence=40, monotone=True),
    ),
    call(
        "ann",
        60,
        item("greeting", F),
        item("upsells", F),
        day=3,
        metrics=CallMetrics(100, talk_ratio=0.5, longest_silence=20, monotone=None),
    ),
    call("ann", 0, item("greeting", P), item("upsells", NA), day=10, auto_fail=True),
    call("bob", 85, item("greeting", P, auto=F), item("upsells", U), day=11, team="Care"),
]


class TestUpsellOffers:
    """The offer rate counts calls where an up-sell item was decided."""

    def test_the_each_offers_item_or_an_offer_id_counts(self) -> None:
        assert offer_made(call("a", 1, item("upsells", P))) is True
        assert offer_made(call("a", 1, item("upsells", P), offers=frozenset())) is None
        assert offer_made(call("a", 1, item("protection_offer", F), offers=frozenset())) is False

    def test_every_decided_offer_item_must_pass(self) -> None:
        assert offer_made(call("a", 1, item("upsells", P), item("card_offer", F))) is False
        assert offer_made(call("a", 1, item("upsells", P), item("card_offer", NA))) is True
        assert offer_made(call("a", 1, item("upsells", U))) is None

    def test_offer_items_are_read_from_the_rubric_text(self) -> None:
        text = '[[items]]\nid = "a"\neach = "offers"\n[[items]]\nid = "b"\nany = ["x"]\n'
        assert offer_item_ids(text) == frozenset({"a"})
        assert offer_item_ids("not = [toml") == frozenset()
        assert offer_item_ids('items = "odd"') == frozenset()


def test_agent_figures_by_hand() -> None:
    ann, bob = by_agent(CALLS)
    assert (ann.label, ann.calls, ann.auto_fails) == ("Ann", 3, 1)
    assert ann.mean_score == pytest.approx(50.0)  # (90 + 60 + 0) / 3
    assert ann.pass_rate == pytest.approx(1 / 3)
    assert (ann.offer_calls, ann.offer_rate) == (2, 0.5)  # day 10 N/A
    assert (ann.measured, ann.mean_talk_ratio, ann.mean_longest_hold) == (2, pytest.approx(0.6), 30)
    assert ann.monotone_share == 1.0  # one call's pitch unknown: not counted
    assert ann.meets_goal(0.5) is True and ann.meets_goal(0.8) is False
    assert (bob.offer_calls, bob.offer_rate, bob.meets_goal(0.8)) == (0, None, None)
    assert bob.measured == 0 and bob.mean_talk_ratio is None


def test_means_count_final_scores_unless_provisional_ones_are_asked_for() -> None:
    calls = [
        call("ann", 90),
        call("ann", 40, state="automatic"),
        call("ann", 60, state="in_review"),
    ]
    (final,) = by_agent(calls)
    assert (final.calls, final.final_calls, final.left_out) == (3, 1, 2)
    assert final.mean_score == 90.0 and final.pass_rate == 1.0
    (every,) = by_agent(calls, include_provisional=True)
    assert every.mean_score == pytest.approx(190 / 3) and every.left_out == 0
    (none_final,) = by_agent([call("bob", 70, state="automatic")])
    assert none_final.mean_score is None and none_final.provisional_calls == 1


def test_team_rows() -> None:
    care, sales = by_team(CALLS)
    assert (care.label, care.calls, sales.label, sales.calls) == ("Care", 1, "Sales", 3)


def test_items_worst_first_with_overrides_counted() -> None:
    upsells, greeting = by_item(CALLS)
    assert (upsells.item_id, upsells.passed, upsells.failed) == ("upsells", 1, 1)
    assert (upsells.not_applicable, upsells.undecided, upsells.pass_rate) == (1, 1, 0.5)
    assert (greeting.pass_rate, greeting.decided, greeting.overridden) == (0.75, 4, 1)


def test_periods() -> None:
    weeks = by_period(CALLS, "week")
    assert [(w.key, w.calls) for w in weeks] == [("2026-W45", 2), ("2026-W46", 2)]
    assert weeks[0].mean_score == 75.0
    (month,) = by_period(CALLS, "month")
    assert (month.key, month.calls) == ("2026-11", 4)


@pytest.mark.parametrize(
    ("moment", "period", "key"),
    [
        (datetime(2026, 12, 31), "week", "2026-W53"),
        (datetime(2027, 1, 1), "week", "2026-W53"),  # ISO weeks cross the new year
        (datetime(2027, 1, 4), "week", "2027-W01"),
        (datetime(2027, 1, 1), "month", "2027-01"),
        (None, "month", "undated"),
    ],
)
def test_period_keys(moment: datetime | None, period: str, key: str) -> None:
    assert period_key(moment, period) == key  # type: ignore[arg-type]


def test_bands() -> None:
    assert score_band(call("a", 100)) == "Excellent"
    assert score_band(call("a", 85)) == "Meets standard"
    assert score_band(call("a", 70)) == "Below standard"
    assert score_band(call("a", 0, auto_fail=True, passed=False)) == "Auto-fail"
    assert score_band(call("a", 70, provisional=True)) == "Below standard (provisional)"


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=30))
def test_means_and_rates_stay_in_range(scores: list[float]) -> None:
    (row,) = by_agent([call("a", s) for s in scores])
    assert min(scores) - 1e-9 <= (row.mean_score or 0) <= max(scores) + 1e-9
    assert row.pass_rate is not None and 0 <= row.pass_rate <= 1 and row.calls == len(scores)
