"""Untranscribed agent speech (the transcript's `gaps`) in an item's window: a prohibited phrase
cannot pass across it, a required one cannot fail across it; the scorecard lists the gaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.agents import Agent
from qa.domain.rubric.parse import load_rubric
from qa.domain.scorecard import Scorecard, Verdict
from qa.domain.scoring.gap_checks import describe_gap, saying_time
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Gap, Segment, Transcript

REPO = Path(__file__).resolve().parents[3]
ACME = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
SARAH = Agent("sarah.k", "Sarah Kim")
OPENING = "Thank you for calling Acme Wireless, my name is Sarah. This call may be recorded."


def _card(gaps: tuple[Gap, ...], opening: str = OPENING) -> Scorecard:
    turns = (
        Segment(0.5, 6.0, "agent", opening),
        Segment(20.0, 23.0, "customer", "My order never arrived and I am upset."),
        Segment(42.0, 44.0, "agent", "The store should handle that."),
        Segment(50.0, 53.0, "agent", "Is there anything else I can help you with?"),
    )
    return score_call(Transcript(turns, duration=60.0, gaps=gaps), ACME, SARAH, {})


def _item(card: Scorecard, item_id: str) -> tuple[Verdict, str]:
    found = next(r for r in card.items if r.item_id == item_id)
    return found.verdict, found.reason


def test_a_prohibited_phrase_may_hide_in_untranscribed_agent_speech() -> None:
    card = _card((Gap(32.4, 41.2, "agent"),))
    verdict, reason = _item(card, "courtesy")
    assert verdict == Verdict.UNCERTAIN
    assert "9 s of agent speech not transcribed at 0:32–0:41" in reason


def test_a_required_phrase_may_hide_in_untranscribed_agent_speech() -> None:
    card = _card((Gap(7.0, 15.0, "agent"),), opening="Thank you for calling Acme Wireless.")
    verdict, reason = _item(card, "disclosure")
    assert verdict == Verdict.UNCERTAIN and "8 s of agent speech not transcribed" in reason


@pytest.mark.parametrize(
    "gap",
    [
        Gap(32.0, 32.5, "agent"),  # too short to say "calm down" in
        Gap(30.0, 40.0, "customer"),  # the customer's speech: not the agent's words
    ],
)
def test_gaps_that_cannot_hide_the_agents_phrase_change_nothing(gap: Gap) -> None:
    assert _item(_card((gap,)), "courtesy")[0] == Verdict.PASS


def test_a_gap_outside_the_window_changes_nothing() -> None:
    card = _card((Gap(70.0, 80.0, "agent"),), opening="Thank you for calling Acme Wireless.")
    assert _item(card, "disclosure")[0] == Verdict.FAIL  # "first 60s": the gap comes later


def test_a_gap_never_turns_a_verdict_the_other_way() -> None:
    card = _card((Gap(7.0, 15.0, "agent"),))
    assert _item(card, "disclosure")[0] == Verdict.PASS  # said: the gap hides nothing needed


def test_the_scorecard_lists_the_gaps() -> None:
    card = _card((Gap(32.4, 41.2, "agent"),))
    assert card.gaps == (Gap(32.4, 41.2, "agent"),)
    assert card.to_dict()["gaps"] == [{"start": 32.4, "end": 41.2, "speaker": "agent"}]
    assert "gaps" not in _card(()).to_dict()


def test_the_scorecard_keeps_only_the_gaps_that_left_a_verdict_undecided() -> None:
    used, idle = Gap(32.4, 41.2, "agent"), Gap(30.0, 40.0, "customer")  # the customer's: no item
    card = _card((idle, used))
    assert card.gaps == (used,)
    assert "gaps" not in _card((idle,)).to_dict()


@settings(max_examples=60, deadline=None)
@given(start=st.floats(0.0, 58.0), length=st.floats(0.0, 20.0))
def test_gaps_only_ever_make_a_verdict_uncertain(start: float, length: float) -> None:
    plain = {r.item_id: r.verdict for r in _card(()).items}
    gapped = {r.item_id: r.verdict for r in _card((Gap(start, start + length, "agent"),)).items}
    for item, verdict in gapped.items():
        assert verdict in (plain[item], Verdict.UNCERTAIN)


def test_saying_time_counts_words_and_slots() -> None:
    assert saying_time("calm down") == pytest.approx(0.8)
    assert saying_time("my name is {agent}") == pytest.approx(2.0)
    assert describe_gap(Gap(32.1, 41.0, "agent"), "agent") == (
        "9 s of agent speech not transcribed at 0:32–0:41"
    )
