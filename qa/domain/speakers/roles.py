"""Which of two voices on a one-channel call is the agent, and whether scoring may trust it.

A diarized call has two voices but no roles. The agent is the voice that says what the rubric's
agent items say (its script: "good morning, you're through to {business}"), and, as a fallback,
what agents say on most calls: greeting with the business or own name, the recording disclosure,
asking for account details, offering more help. The customer is the voice that says the rubric's
customer phrases ("upgrade my phone") or what callers say ("i would like to"). The workspace's
prior (inbound: the first voice is the agent) breaks ties. The evidence is summed as log-odds, so
the confidence says how much the words and the order agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Literal

from qa.domain.matching.placeholders import compile_phrase, search_phrase
from qa.domain.matching.spoken_text import Stream, build_stream
from qa.domain.rubric.rubric import Item, Rubric, SpeakerChoice
from qa.domain.transcript import Gap, Segment, Speaker, SpeakerSeparation, Transcript

FirstVoice = Literal["agent", "customer", "unknown"]
Side = Literal["agent", "customer"]
# A built-in cue counts with another name in its slot (a garbled name still greets as an
# agent: "my name is Sam"); a rubric's phrase only with the name heard, for scripts are looser
# ("this is {agent}") and a customer says "this is David" too.
LOOSE_NAME = ("said", "near", "other_name")
NAME_HEARD = ("said", "near")
# (phrase, log-odds weight): what agents say on almost every call. A rubric adds its own phrases
# (`script_phrases`, `role_cues`): one cue per group of alternatives, whichever of them is said.
AGENT_CUES: tuple[tuple[str, float], ...] = (
    ("thank you for calling {business}", 3.0),
    ("you've reached {business}", 3.0),
    ("my name is {agent}", 2.5),
    ("this is {agent} speaking", 2.5),
    ("this call may be recorded", 2.0),
    ("how can i help you", 2.0),
    ("how may i help you", 2.0),
    ("can i have the name on the account", 1.5),
    ("can i have your account number", 1.5),
    ("is there anything else i can help you with", 2.0),
    ("thank you for calling", 1.5),
)
CUSTOMER_CUES: tuple[tuple[str, float], ...] = (
    ("i would like to", 1.0),
    ("i want to", 1.0),
    ("i am calling about", 1.0),
    ("my bill", 0.5),
    ("my contract", 0.5),
)
RUBRIC_CUE_WEIGHT = 1.5  # one of a rubric agent item's phrases (a group counts once)
RUBRIC_CUSTOMER_WEIGHT = 1.0  # one of a rubric customer item's or trigger's phrases
SCRIPTED_KINDS = ("any", "all")  # items whose phrases someone is meant to say ("none": never)
# A script's phrase of fewer words (a name slot counts as one) is said by either side too often
# to point to one: "hi Tom, I'm travelling" hears "i'm {agent}", a caller asks about the
# "protection plan". On the demo calls 2 of 12 customers said a two-word agent phrase; with three
# words or more, none did.
MIN_SCRIPT_WORDS = 3
_SLOT = re.compile(r"\{\s*\w+\s*\}")
FIRST_VOICE_PRIOR = 1.0  # log-odds that the first voice is the agent (inbound): 73 % on its own
CUE_THRESHOLD = 80.0  # phrase similarity for a cue: looser than a rubric's, it only leans
THREE_VOICES_CAP = 0.5  # with a third voice, two roles cannot be sure of anything
# Voices, not words, split the call: however clear the words, the split itself can be wrong.
MAX_CONFIDENCE = 0.99


Alternatives = tuple[str, ...]  # phrases of which saying any one is saying the same thing


@dataclass(frozen=True, slots=True)
class ScriptPhrases:
    """What a rubric says each side says: groups of alternative phrases, small enough to ship
    with every transcription job."""

    agent: tuple[Alternatives, ...] = ()
    customer: tuple[Alternatives, ...] = ()


@dataclass(frozen=True, slots=True)
class RoleCues:
    """What points to the agent (and to the customer), with the names placeholders stand for.

    `agent` and `customer` are single phrases with a weight (built in); `agent_script` and
    `customer_script` are a rubric's groups, each counted once whichever alternative is said.
    """

    names: dict[str, tuple[str, ...]]
    agent: tuple[tuple[str, float], ...] = AGENT_CUES
    customer: tuple[tuple[str, float], ...] = CUSTOMER_CUES
    first_voice: FirstVoice = "agent"
    agent_script: tuple[Alternatives, ...] = ()
    customer_script: tuple[Alternatives, ...] = ()


@dataclass(frozen=True, slots=True)
class RoleDecision:
    """Whether the second voice is the agent, how sure (0.5-1), and the words that said so."""

    swap: bool
    confidence: float
    reasons: tuple[str, ...] = ()


def _spoken_groups(item: Item) -> list[tuple[SpeakerChoice, Alternatives]]:
    """(speaker, alternatives) an item expects to hear: its phrases and its triggers'."""
    groups = [(item.speaker, g) for g in item.groups] if item.kind in SCRIPTED_KINDS else []
    cues = [c for c in (item.when, item.before) if c is not None]
    return groups + [(c.speaker, c.phrases) for c in cues]


def _telling(phrase: str) -> bool:
    """Whether a phrase is long enough to tell who said it."""
    return len(_SLOT.sub(" slot ", phrase).split()) >= MIN_SCRIPT_WORDS


def script_phrases(rubric: Rubric) -> ScriptPhrases:
    """The rubric's phrases by who is meant to say them (items for `any` speaker tell nothing),
    without those too short to tell."""
    said = [
        (who, tuple(p for p in group if _telling(p)))
        for item in rubric.items
        for who, group in _spoken_groups(item)
    ]
    agent = tuple(dict.fromkeys(g for who, g in said if who == "agent" and g))
    customer = tuple(dict.fromkeys(g for who, g in said if who == "customer" and g))
    return ScriptPhrases(agent, customer)


def _new(
    groups: tuple[Alternatives, ...], built_in: tuple[tuple[str, float], ...]
) -> tuple[Alternatives, ...]:
    """The groups without the phrases already built in (not counted twice)."""
    known = {p for p, _ in built_in}
    fresh = (tuple(p for p in group if p not in known) for group in groups)
    return tuple(group for group in fresh if group)


def role_cues(
    names: dict[str, tuple[str, ...]],
    script: ScriptPhrases = ScriptPhrases(),
    first_voice: FirstVoice = "agent",
) -> RoleCues:
    """The built-in cues (the fallback) plus a rubric's script."""
    return RoleCues(
        names,
        first_voice=first_voice,
        agent_script=_new(script.agent, AGENT_CUES),
        customer_script=_new(script.customer, CUSTOMER_CUES),
    )


def _hit(stream: Stream, phrase: str, cues: RoleCues, statuses: tuple[str, ...]) -> bool:
    span = (0, len(stream))
    hit = search_phrase(stream, compile_phrase(phrase), cues.names, span, CUE_THRESHOLD)
    return hit.status in statuses


def _said(stream: Stream, cues: RoleCues, side: Side) -> list[tuple[str, float]]:
    """The cues of one side heard in `stream`, with their weights."""
    if not len(stream):
        return []
    built_in, script, weight = (
        (cues.agent, cues.agent_script, RUBRIC_CUE_WEIGHT)
        if side == "agent"
        else (cues.customer, cues.customer_script, RUBRIC_CUSTOMER_WEIGHT)
    )
    found = [(p, w) for p, w in built_in if _hit(stream, p, cues, LOOSE_NAME)]
    for group in script:
        said = next((p for p in group if _hit(stream, p, cues, NAME_HEARD)), None)
        if said is not None:
            found.append((said, weight))
    return found


def _evidence(segments: list[Segment], cues: RoleCues) -> tuple[float, list[str]]:
    """Log-odds that these segments are the agent's, and the phrases that moved it."""
    stream = build_stream(segments)
    agent = _said(stream, cues, "agent")
    customer = _said(stream, cues, "customer")
    score = sum(w for _, w in agent) - sum(w for _, w in customer)
    return score, [p for p, _ in agent] + [f"({p})" for p, _ in customer]


def decide_roles(
    voice_one: list[Segment], voice_two: list[Segment], cues: RoleCues
) -> RoleDecision:
    """Which voice is the agent; voice one spoke first."""
    one, said_one = _evidence(voice_one, cues)
    two, said_two = _evidence(voice_two, cues)
    prior = {"agent": FIRST_VOICE_PRIOR, "customer": -FIRST_VOICE_PRIOR}.get(cues.first_voice, 0.0)
    odds = prior + one - two  # log-odds that voice one is the agent
    p_one = 1.0 / (1.0 + math.exp(-odds))
    swap = p_one < 0.5
    said = said_two if swap else said_one
    return RoleDecision(swap, min(MAX_CONFIDENCE, max(p_one, 1.0 - p_one)), tuple(said))


def _other(speaker: Speaker) -> Speaker:
    if speaker == "agent":
        return "customer"
    return "agent" if speaker == "customer" else speaker


def swap_roles(transcript: Transcript, note: str) -> Transcript:
    """The transcript with agent and customer exchanged (a supervisor's correction)."""
    segments = tuple(replace(s, speaker=_other(s.speaker)) for s in transcript.segments)
    gaps = tuple(Gap(g.start, g.end, _other(g.speaker)) for g in transcript.gaps)
    separation = transcript.speakers or SpeakerSeparation("diarization")
    return replace(
        transcript, segments=segments, gaps=gaps, speakers=replace(separation, note=note)
    )
