"""On a mono call the agent's voice is recognised by what the rubric's script has the agent say."""

from __future__ import annotations

from qa.domain.rubric.parse import parse_rubric
from qa.domain.speaker_trust import TRUSTED_CONFIDENCE
from qa.domain.speakers.roles import RoleCues, decide_roles, role_cues, script_phrases
from tests.domain.speakers.test_speaker_roles import seg

# A bank's script, worded unlike the built-in cues ("thank you for calling", "my name is").
HARPER_VALLEY = parse_rubric("""
name = "Harper Valley inbound"
version = "2026.2"
business = ["Harper Valley Bank", "Harper Valley"]

[[items]]
id = "greeting"
within = "first 30s"
all = [["good morning you're through to {business}", "good afternoon you're through to {business}"],
       ["you're speaking with {agent}"]]

[[items]]
id = "disclosure"
critical = true
any = ["calls are monitored for training", "this call is monitored for training purposes"]

[[items]]
id = "security"
any = ["can you confirm your date of birth", "can i take the first line of your address"]

[[items]]
id = "lost_card"
when = { speaker = "customer", any = ["lost my card", "my card has been stolen"] }
any = ["i've cancelled that card", "a replacement card will be with you"]

[[items]]
id = "courtesy"
none = ["calm down", "not my problem"]

[[items]]
id = "closing"
within = "last 45s"
any = ["is there anything more i can do for you today", "have a lovely rest of your day"]

[[items]]
id = "empathy"
manual = true
""")
NAMES: dict[str, tuple[str, ...]] = {
    "business": ("Harper Valley Bank", "Harper Valley"),
    "agent": ("Daniel", "Daniel Okafor"),
}
SCRIPTED = role_cues(NAMES, script_phrases(HARPER_VALLEY))
BUILT_IN_ONLY = RoleCues(NAMES)

AGENT = [
    seg(2.0, "agent", "good morning harper valley bank you're speaking with daniel"),
    seg(6.0, "agent", "all our calls are monitored for training"),
    seg(15.0, "agent", "okay can you confirm your date of birth please"),
    seg(30.0, "agent", "right i've cancelled that card and a replacement card will be with you"),
    seg(45.0, "agent", "have a lovely rest of your day"),
]
CUSTOMER_FIRST = [seg(0.3, "customer", "hello")]  # picks up talking before the agent's greeting
CUSTOMER = [
    seg(10.0, "customer", "oh hi there yeah i've lost my card somewhere in town"),
    seg(22.0, "customer", "it's the fourth of march nineteen eighty"),
    seg(40.0, "customer", "brilliant cheers"),
]


def test_the_script_is_split_by_who_is_meant_to_say_it() -> None:
    script = script_phrases(HARPER_VALLEY)
    assert ("you're speaking with {agent}",) in script.agent
    assert ("calls are monitored for training", "this call is monitored for training purposes") in (
        script.agent
    )
    assert script.customer == (("lost my card", "my card has been stolen"),)
    everything = {p for group in script.agent for p in group}
    assert "calm down" not in everything  # what the agent must never say says nothing of who


def test_the_agent_speaking_first_in_the_script_s_words_is_trusted_only_with_the_script() -> None:
    without = decide_roles(AGENT, CUSTOMER, BUILT_IN_ONLY)
    assert without.confidence < TRUSTED_CONFIDENCE  # the order of voices alone
    decision = decide_roles(AGENT, CUSTOMER, SCRIPTED)
    assert not decision.swap and decision.confidence >= 0.95
    assert "calls are monitored for training" in decision.reasons


def test_the_agent_speaking_second_is_found_by_the_script_where_the_order_misleads() -> None:
    customer = CUSTOMER_FIRST + CUSTOMER
    assert not decide_roles(customer, AGENT, BUILT_IN_ONLY).swap  # the first voice: wrong
    decision = decide_roles(customer, AGENT, SCRIPTED)
    assert decision.swap and decision.confidence >= TRUSTED_CONFIDENCE
    assert "good morning you're through to {business}" in decision.reasons


def test_the_built_in_cues_still_count_beside_a_script() -> None:
    agent = [seg(1.0, "agent", "thank you for calling harper valley bank how can i help you")]
    decision = decide_roles(CUSTOMER_FIRST + CUSTOMER, agent, SCRIPTED)
    assert decision.swap and decision.confidence >= TRUSTED_CONFIDENCE


def test_a_group_of_alternatives_counts_once() -> None:
    both = [
        seg(
            1.0,
            "agent",
            "calls are monitored for training this call is monitored for training purposes",
        )
    ]
    one = [seg(1.0, "agent", "calls are monitored for training")]
    quiet = [seg(9.0, "customer", "okay")]
    assert (
        decide_roles(both, quiet, SCRIPTED).confidence
        == decide_roles(one, quiet, SCRIPTED).confidence
    )


def test_a_customer_introducing_themselves_is_not_taken_for_the_scripted_agent() -> None:
    rubric = parse_rubric('name = "X"\n[[items]]\nid = "name"\nany = ["this is {agent}"]\n')
    cues = role_cues(NAMES, script_phrases(rubric))
    caller = [seg(0.5, "customer", "hi this is margaret")]
    agent = [seg(3.0, "agent", "hello there")]
    assert decide_roles(caller, agent, cues) == decide_roles(caller, agent, RoleCues(NAMES))


def test_a_caller_greeting_the_agent_by_name_is_not_taken_for_the_agent() -> None:
    """Phrases under three words ("i'm {agent}", "protection plan") are said by both sides."""
    rubric = parse_rubric(
        'name = "X"\n[[items]]\nid = "name"\nany = ["i\'m {agent}", "{agent} speaking"]\n'
        '[[items]]\nid = "offer"\nany = ["protection plan"]\n'
    )
    assert script_phrases(rubric).agent == ()
    names: dict[str, tuple[str, ...]] = {"business": ("Acme Wireless",), "agent": ("Tom",)}
    caller = [
        seg(0.5, "customer", "hi tom i'm travelling to canada is the protection plan any good")
    ]
    agent = [seg(5.0, "agent", "right okay")]
    scripted = role_cues(names, script_phrases(rubric))
    assert decide_roles(caller, agent, scripted) == decide_roles(caller, agent, RoleCues(names))
