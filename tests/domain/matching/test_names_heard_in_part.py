"""A business name heard only in part goes to a person (`uncertain`), never to `fail`; another
business never passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.agents import Agent
from qa.domain.matching.name_sounds import part_heard, sounds_partly
from qa.domain.rubric.parse import load_rubric, parse_rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript

REPO = Path(__file__).resolve().parents[3]
ACME = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
BANK = parse_rubric(
    """
name = "Harper Valley"
version = "1"
business = ["Harper Valley National Bank", "Harper Valley"]
[[items]]
id = "greeting"
within = "first 30s"
all = [["thank you for calling {business}", "this is {business}", "you've reached {business}"],
       ["my name is {agent}", "this is {agent}", "{agent} speaking"]]
""",
    "bank.toml",
)
AGENTS = {
    "mary": Agent("mary.j", "Mary Jones"),
    "jennifer": Agent("jen.l", "Jennifer Lee"),
    "sarah": Agent("sarah.k", "Sarah Kim"),
}


def _greeting(text: str, agent: Agent, rubric: object = BANK) -> tuple[Verdict, str]:
    transcript = Transcript((Segment(0.5, 0.5 + 0.35 * len(text.split()), "agent", text),))
    card = score_call(transcript, rubric, agent, {})  # type: ignore[arg-type]
    item = next(r for r in card.items if r.item_id == "greeting")
    return item.verdict, item.reason


@pytest.mark.parametrize(
    ("said", "agent", "heard"),
    [
        ("hello this is happy valley national thing my name is mary", "mary",
         "happy valley national thing"),
        ("hello this is help provide the national bank my name is jennifer", "jennifer",
         "help provide the national bank"),
        ("how provide me an external bank my name is jennifer", "jennifer",
         "how provide me an external bank"),
        ("regarding national bank my name is mary", "mary", "regarding national bank"),
        ("her profile international bank my name is mary", "mary",
         "her profile international bank"),
    ],
)  # fmt: skip
def test_a_garbled_business_name_is_uncertain_with_what_was_heard(
    said: str, agent: str, heard: str
) -> None:
    verdict, reason = _greeting(said, AGENTS[agent])
    assert verdict == Verdict.UNCERTAIN
    assert heard in reason and "Harper Valley National Bank" in reason


@pytest.mark.parametrize(
    "said",
    [
        "thank you for calling Verizon Wireless, my name is Sarah",
        "thank you for calling T-Mobile, my name is Sarah",
        "thank you for calling, my name is Sarah",
        "hi my name is Sarah how can I help",
    ],
)
def test_another_business_never_passes(said: str) -> None:
    assert _greeting(said, AGENTS["sarah"], ACME)[0] != Verdict.PASS


@pytest.mark.parametrize(
    "said",
    ["thank you for calling wells fargo bank my name is mary",
     "thank you for calling chase bank my name is mary",
     "thank you for calling first national bank my name is mary"],
)  # fmt: skip
def test_another_bank_never_passes(said: str) -> None:
    assert _greeting(said, AGENTS["mary"])[0] != Verdict.PASS


@pytest.mark.parametrize(
    "said", ["hi my name is mary how can i help you today", "good morning mary speaking"]
)
def test_a_business_not_said_at_all_still_fails(said: str) -> None:
    assert _greeting(said, AGENTS["mary"])[0] == Verdict.FAIL


def test_sound_alikes_rank_above_another_business_sharing_a_word() -> None:
    name = "harper valley national bank"
    assert sounds_partly(name, "her profile international bank") > sounds_partly(
        name, "first national bank"
    )
    assert sounds_partly(name, "harbor valley national bank") > 85


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("i can help you with your bill today thank calling".split())))
def test_ordinary_talk_is_never_a_name_heard_in_part(words: list[str]) -> None:
    assert part_heard(words, ("Harper Valley National Bank",)) is None
