"""Which of two voices on a one-channel call is the agent, and whether scoring may trust it.

A diarized call has two voices but no roles. The agent is the voice that greets with the
business or own name, says the recording disclosure, asks for account details and offers more
help; the workspace's prior (inbound: the first voice is the agent) breaks ties. The evidence is
summed as log-odds, so the confidence says how much the words and the order agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from qa.domain.matching.placeholders import compile_phrase, search_phrase
from qa.domain.matching.spoken_text import build_stream
from qa.domain.transcript import Gap, Segment, Speaker, SpeakerSeparation, Transcript

FirstVoice = Literal["agent", "customer", "unknown"]
# (phrase, log-odds weight): what agents say on almost every call. A rubric adds its own agent
# phrases (rubric_cues) with the default weight.
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
RUBRIC_CUE_WEIGHT = 1.5
FIRST_VOICE_PRIOR = 1.0  # log-odds that the first voice is the agent (inbound): 73 % on its own
CUE_THRESHOLD = 80.0  # phrase similarity for a cue: looser than a rubric's, it only leans
THREE_VOICES_CAP = 0.5  # with a third voice, two roles cannot be sure of anything
# Voices, not words, split the call: however clear the words, the split itself can be wrong.
MAX_CONFIDENCE = 0.99


@dataclass(frozen=True, slots=True)
class RoleCues:
    """What points to the agent (and to the customer), with the names placeholders stand for."""

    names: dict[str, tuple[str, ...]]
    agent: tuple[tuple[str, float], ...] = AGENT_CUES
    customer: tuple[tuple[str, float], ...] = CUSTOMER_CUES
    first_voice: FirstVoice = "agent"


@dataclass(frozen=True, slots=True)
class RoleDecision:
    """Whether the second voice is the agent, how sure (0.5-1), and the words that said so."""

    swap: bool
    confidence: float
    reasons: tuple[str, ...] = ()


def rubric_cues(phrases: Iterable[str], names: dict[str, tuple[str, ...]]) -> RoleCues:
    """Default cues plus a rubric's agent phrases (those of items whose speaker is the agent)."""
    known = {p for p, _ in AGENT_CUES}
    extra = tuple((p, RUBRIC_CUE_WEIGHT) for p in dict.fromkeys(phrases) if p not in known)
    return RoleCues(names, AGENT_CUES + extra)


def _said(
    segments: list[Segment], cues: RoleCues, phrases: Iterable[tuple[str, float]]
) -> list[tuple[str, float]]:
    stream = build_stream(segments)
    if not len(stream):
        return []
    found = []
    for phrase, weight in phrases:
        hit = search_phrase(
            stream, compile_phrase(phrase), cues.names, (0, len(stream)), CUE_THRESHOLD
        )
        if hit.status in ("said", "near", "other_name"):  # another name still greets as an agent
            found.append((phrase, weight))
    return found


def _evidence(segments: list[Segment], cues: RoleCues) -> tuple[float, list[str]]:
    """Log-odds that these segments are the agent's, and the phrases that moved it."""
    agent = _said(segments, cues, cues.agent)
    customer = _said(segments, cues, cues.customer)
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
