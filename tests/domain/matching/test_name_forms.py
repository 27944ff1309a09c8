"""Agents introduce themselves by short and long forms of their first name (Jon, Liz, Bill)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.agents import Agent
from qa.domain.matching.name_forms import name_forms, other_forms
from qa.domain.rubric.parse import load_rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript

REPO = Path(__file__).resolve().parents[3]
ACME = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
JONATHAN = Agent("jon.o", "Jonathan Ortega")
JOHN = Agent("john.s", "John Smith")
NATHAN = Agent("nathan.p", "Nathan Price")


def _greeting(text: str, agent: Agent, roster: tuple[Agent, ...] = ()) -> Verdict:
    seconds = 0.35 * len(text.split())
    transcript = Transcript((Segment(0.5, 0.5 + seconds, "agent", text),))
    card = score_call(transcript, ACME, agent, {}, roster=roster)
    return next(r.verdict for r in card.items if r.item_id == "greeting")


@pytest.mark.parametrize(
    ("first", "short"),
    [("Jonathan", "jon"), ("Elizabeth", "liz"), ("Robert", "bob"), ("William", "bill"),
     ("Katherine", "kate"), ("Jon", "jonathan"), ("Liz", "elizabeth")],
)  # fmt: skip
def test_common_forms_of_a_first_name_are_known(first: str, short: str) -> None:
    assert short in name_forms(first)


@pytest.mark.parametrize(
    ("agent", "said"),
    [
        (JONATHAN, "thank you for calling acme wireless my name is Jon"),
        (Agent("liz.b", "Elizabeth Bennet"), "thank you for calling acme wireless, this is Liz"),
        (Agent("bob.d", "Robert Dean"), "Thank you for calling Acme Wireless, Bob speaking."),
        (Agent("kate.m", "Katherine Moss"), "thank you for calling acme wireless i'm Kate"),
        (Agent("will.t", "Bill Turner"), "thank you for calling acme wireless my name is William"),
    ],
)
def test_an_agent_saying_a_short_or_long_form_of_their_name_passes(agent: Agent, said: str) -> None:
    assert _greeting(said, agent, (agent, JOHN)) == Verdict.PASS


@pytest.mark.parametrize("heard", ["John", "Nathan"])
def test_a_form_that_is_another_agents_name_stays_uncertain(heard: str) -> None:
    said = f"thank you for calling acme wireless my name is {heard}"
    assert _greeting(said, JONATHAN, (JONATHAN, JOHN, NATHAN)) == Verdict.UNCERTAIN
    assert heard.casefold() not in other_forms(JONATHAN, (JONATHAN, JOHN, NATHAN))


@pytest.mark.parametrize("heard", ["Peter", "Maria", "Don"])
def test_a_name_of_no_form_stays_uncertain(heard: str) -> None:
    said = f"thank you for calling acme wireless my name is {heard}"
    assert _greeting(said, JONATHAN, (JONATHAN,)) == Verdict.UNCERTAIN


@pytest.mark.parametrize(
    ("agent", "heard"),
    [(Agent("mary.j", "Mary Jones"), "Maria"), (Agent("priya.p", "Priya Patel"), "Maria")],
)
def test_another_first_name_that_sounds_alike_never_passes(agent: Agent, heard: str) -> None:
    said = f"thank you for calling acme wireless my name is {heard}"
    assert _greeting(said, agent, (agent,)) != Verdict.PASS
