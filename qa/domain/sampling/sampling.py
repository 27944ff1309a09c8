"""Drawing a review sample: seeded, reproducible, stratified per agent, optionally risk-weighted."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from qa.domain.sampling.allocation import largest_remainder
from qa.domain.sampling.policy import (
    SamplingPolicy,
    Strategy,
    Stratum,
    new_seed,
    parse_rate,
)
from qa.domain.sampling.risk import risk_weight
from qa.domain.sampling.size import required_sample_size, size_reasoning
from qa.domain.wording import plural

__all__ = [
    "AgentSize",
    "Candidate",
    "SampleDraw",
    "SamplingPolicy",
    "Strategy",
    "Stratum",
    "draw_sample",
    "new_seed",
    "parse_rate",
    "required_sample_size",
    "risk_weight",
]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A call that may be drawn; `key` (the audio's sha256) fixes its place on every database."""

    call_id: int
    agent: str
    key: str
    weight: float = 1.0  # risk weight, > 0; only the risk strategy reads it


@dataclass(frozen=True, slots=True)
class AgentSize:
    """How many of one agent's calls the sample holds, and why."""

    agent: str
    population: int
    minimum: int  # drawn first, uniformly: the per-agent guarantee
    extra: int  # drawn next with the policy's strategy
    reason: str

    @property
    def size(self) -> int:
        """All of this agent's calls in the sample."""
        return self.minimum + self.extra


@dataclass(frozen=True, slots=True)
class SampleDraw:
    """The calls drawn (in draw order, each with its stratum) and everything needed to redo it."""

    picked: tuple[tuple[int, Stratum], ...]
    population: Mapping[str, int]  # calls per agent that the sample was drawn from
    seed: int
    sizes: tuple[AgentSize, ...]
    reasoning: tuple[str, ...]

    @property
    def call_ids(self) -> tuple[int, ...]:
        """The drawn calls' ids, in draw order."""
        return tuple(call_id for call_id, _ in self.picked)


def _rounded_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _by_agent(pool: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    groups: dict[str, list[Candidate]] = {}
    for candidate in pool:
        groups.setdefault(candidate.agent, []).append(candidate)
    return dict(sorted(groups.items()))


def _stable_pool(candidates: Iterable[Candidate]) -> list[Candidate]:
    """One entry per call, ordered by content hash, so input order and database never matter."""
    pool: list[Candidate] = []
    seen: set[int] = set()
    for candidate in sorted(candidates, key=lambda c: (c.key, c.call_id)):
        if candidate.call_id not in seen:
            seen.add(candidate.call_id)
            pool.append(candidate)
    for candidate in pool:
        if not candidate.weight > 0:
            weight = candidate.weight
            raise ValueError(f"call {candidate.call_id} has risk weight {weight}; it must be > 0")
    return pool


def _target(total: int, policy: SamplingPolicy) -> tuple[int, str]:
    """The overall size a count or a rate asks for, capped at the population, and why."""
    if policy.count is not None:
        size = min(policy.count, total)
        return size, f"count {policy.count} of {total} calls in the period → {size}"
    if policy.rate is not None:
        size = min(math.ceil(Fraction(str(policy.rate)) * total), total)
        return size, f"{policy.rate * 100:g}% of {total} calls in the period, rounded up → {size}"
    return 0, ""


def _weighted(pool: Sequence[Candidate], k: int, rng: random.Random) -> list[Candidate]:
    """k calls without replacement, each as likely as its weight (Efraimidis & Spirakis 2006).

    Key u^(1/w) for u uniform in (0, 1]; the k largest keys win. Logs keep tiny u exact.
    """
    if k <= 0:
        return []  # draws no numbers, so a pure random sample never depends on the weights
    keys = [(math.log(1.0 - rng.random()) / c.weight, i) for i, c in enumerate(pool)]
    best = sorted(keys, key=lambda key: (-key[0], key[1]))[:k]
    return [pool[i] for _, i in best]


def _strategy_picks(
    pool: Sequence[Candidate], k: int, policy: SamplingPolicy, rng: random.Random
) -> list[tuple[Candidate, Stratum]]:
    share = {Strategy.RANDOM: Fraction(1), Strategy.RISK: Fraction(0)}.get(
        policy.strategy, Fraction(str(policy.random_share))
    )
    n_random = _rounded_half_up(share * k)
    plain = rng.sample(list(pool), n_random)
    taken = {c.call_id for c in plain}
    rest = [c for c in pool if c.call_id not in taken]
    risky = _weighted(rest, k - n_random, rng)
    return [(c, Stratum.RANDOM) for c in plain] + [(c, Stratum.RISK) for c in risky]


def _pick(
    pool: Sequence[Candidate], minimum: int, extra: int, policy: SamplingPolicy, rng: random.Random
) -> list[tuple[int, Stratum]]:
    """The per-agent minimum uniformly first, then the rest by the policy's strategy."""
    first = rng.sample(list(pool), minimum)
    taken = {c.call_id for c in first}
    rest = [c for c in pool if c.call_id not in taken]
    picks = [(c, Stratum.PER_AGENT_MINIMUM) for c in first]
    picks += _strategy_picks(rest, extra, policy, rng)
    return [(c.call_id, stratum) for c, stratum in picks]


def _margin_sizes(population: Mapping[str, int], policy: SamplingPolicy) -> list[AgentSize]:
    margin, p = policy.margin or 0.0, policy.expected_pass_rate
    sizes = []
    for agent, calls in population.items():
        needed = required_sample_size(calls, margin, policy.confidence, p)
        minimum = min(policy.per_agent, calls)
        reason = size_reasoning(calls, margin, policy.confidence, p)
        if minimum > needed:
            reason += f"; raised to the per-agent minimum {minimum}"
        sizes.append(AgentSize(agent, calls, minimum, max(needed - minimum, 0), reason))
    return sizes


def _minimum_reason(calls: int, minimum: int, extra: int) -> str:
    text = f"{calls} calls: per-agent minimum {minimum}"
    if minimum == calls:
        text += " (all of them)"
    return f"{text} + {extra} in proportion to call volume" if extra else text


def _stratified_sizes(
    population: Mapping[str, int], policy: SamplingPolicy
) -> tuple[list[AgentSize], list[str]]:
    if policy.margin is not None:
        return _margin_sizes(population, policy), []
    minimums = {a: min(policy.per_agent, n) for a, n in population.items()}
    target, why = _target(sum(population.values()), policy)
    guaranteed = sum(minimums.values())
    notes = [why] if why else []
    notes.append(f"at least {plural(policy.per_agent, 'call')} per agent: {guaranteed} in all")
    if target and guaranteed > target:
        notes.append(
            f"the per-agent minimum needs more than {target}, so the sample has {guaranteed}"
        )
    elif target > guaranteed:
        notes.append(f"the other {target - guaranteed} shared in proportion to each agent's calls")
    room = {a: population[a] - minimums[a] for a in population}
    extra = largest_remainder(max(target - guaranteed, 0), population, room)
    sizes = [
        AgentSize(a, n, minimums[a], extra[a], _minimum_reason(n, minimums[a], extra[a]))
        for a, n in population.items()
    ]
    return sizes, notes


def _sizes_after(
    groups: Mapping[str, list[Candidate]], picked: Sequence[tuple[int, Stratum]]
) -> tuple[AgentSize, ...]:
    ids = {call_id for call_id, _ in picked}
    counts = {a: sum(c.call_id in ids for c in calls) for a, calls in groups.items()}
    reason = "drawn from all agents' calls together"
    return tuple(AgentSize(a, len(groups[a]), 0, counts[a], reason) for a in groups)


def draw_sample(candidates: Iterable[Candidate], policy: SamplingPolicy) -> SampleDraw:
    """Draw the sample `policy` describes; one seed over the same calls gives the same sample."""
    policy.check()
    seed = policy.seed if policy.seed is not None else new_seed()
    rng = random.Random(seed)
    pool = _stable_pool(candidates)
    groups = _by_agent(pool)
    population = {agent: len(calls) for agent, calls in groups.items()}
    if not policy.stratified:
        size, why = _target(len(pool), policy)
        picked = _pick(pool, 0, size, policy, rng)
        return SampleDraw(tuple(picked), population, seed, _sizes_after(groups, picked), (why,))
    sizes, notes = _stratified_sizes(population, policy)
    picked = [p for s in sizes for p in _pick(groups[s.agent], s.minimum, s.extra, policy, rng)]
    return SampleDraw(tuple(picked), population, seed, tuple(sizes), tuple(notes))
