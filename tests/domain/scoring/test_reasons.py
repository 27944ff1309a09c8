"""Reasons a supervisor reads: the words looked for, with the names filled in, and the moment
of the closest thing said; never a raw `{business}` or a 100 % "closest" on a fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.agents import Agent
from qa.domain.rubric.parse import load_rubric
from qa.domain.scorecard import ItemResult
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript

REPO = Path(__file__).resolve().parents[3]
ACME = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
SARAH = Agent("sarah.k", "Sarah Kim")


def _item(text: str, item: str, agent: Agent | None = SARAH) -> ItemResult:
    transcript = Transcript((Segment(0.5, 0.5 + 0.35 * len(text.split()), "agent", text),))
    card = score_call(transcript, ACME, agent, {})
    return next(r for r in card.items if r.item_id == item)


@pytest.mark.parametrize(
    ("text", "item", "shown"),
    [
        ("hello, my name is Sarah", "greeting", "'thank you for calling Acme Wireless' not said"),
        ("thank you for calling Acme Wireless, I am happy to help", "greeting",
         "'my name is Sarah Kim' not said"),
        ("hello how are you today", "disclosure", "'this call may be recorded' not said"),
    ],
)  # fmt: skip
def test_a_fail_names_the_words_looked_for(text: str, item: str, shown: str) -> None:
    result = _item(text, item)
    assert result.verdict.value == "fail"
    assert shown in result.reason
    assert "{" not in result.reason and "100%" not in result.reason


def test_without_a_known_agent_the_reason_says_so_in_words() -> None:
    result = _item("thank you for calling Acme Wireless, how can I help", "greeting", None)
    assert "{agent}" not in result.reason


def test_the_closest_thing_said_is_shown_with_its_time() -> None:
    result = _item("hello. that cult may be bored. okay", "disclosure")
    assert result.verdict.value == "fail"
    assert "the closest was 'that cult may be bored.' at 0:00" in result.reason


def test_a_negation_is_quoted_with_the_words_that_negate() -> None:
    result = _item("hello. this call is not recorded for quality", "disclosure")
    assert result.verdict.value == "fail"
    assert "not recorded" in result.reason
