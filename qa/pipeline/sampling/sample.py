"""The sample stage: gather the calls that may be drawn, draw, and keep the draw for the audit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qa.domain.call import Call, ReviewStatus
from qa.domain.sampling.sampling import (
    Candidate,
    SampleDraw,
    SamplingPolicy,
    Strategy,
    draw_sample,
    parse_rate,
    risk_weight,
)
from qa.errors import BadInputError, NotFoundError
from qa.storage.sampling_queries import (
    calls_in_open_samples,
    calls_with_final_scorecard,
    current_risk_signals,
)
from qa.storage.store import Store
from qa.workspace import current_login

# Why a call in the period was left out of the population, as a supervisor would say it.
ALREADY_REVIEWED = "already reviewed"
IN_OPEN_SAMPLE = "already in an open sample"
UNREADABLE = "audio unreadable"


@dataclass(frozen=True, slots=True)
class CallFilter:
    """Which calls a sample is drawn from: a period, a queue, an agent."""

    since: datetime | None = None
    until: datetime | None = None
    queue: str | None = None
    agent: str | None = None

    def to_params(self) -> dict[str, Any]:
        """The filter as JSON-ready parameters for the stored sample."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "queue": self.queue,
            "agent": self.agent,
        }


@dataclass(frozen=True, slots=True)
class Population:
    """The calls that may be drawn, and how many were left out and why."""

    candidates: tuple[Candidate, ...]
    excluded: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DrawnSample:
    """A stored sample: its id, the draw and the population it came from."""

    sample_id: int
    draw: SampleDraw
    population: Population


def _exclusion(call: Call, open_members: set[int], finalized: set[int]) -> str:
    if not call.readable:
        return UNREADABLE
    if call.status != ReviewStatus.NEW or call.id in finalized:
        return ALREADY_REVIEWED
    if call.id in open_members:
        return IN_OPEN_SAMPLE
    return ""


def gather_population(store: Store, where: CallFilter, *, weigh_risk: bool) -> Population:
    """The calls in the period that nobody has reviewed or already drawn, as candidates."""
    calls = store.calls(since=where.since, until=where.until, queue=where.queue, agent=where.agent)
    open_members, finalized = calls_in_open_samples(store), calls_with_final_scorecard(store)
    risks = current_risk_signals(store) if weigh_risk else {}
    excluded: Counter[str] = Counter()
    candidates = []
    for call in calls:
        reason = _exclusion(call, open_members, finalized)
        if reason:
            excluded[reason] += 1
            continue
        weight = risk_weight(risks.get(call.id))
        candidates.append(Candidate(call.id, call.meta.agent, call.sha256, weight))
    return Population(tuple(candidates), dict(excluded))


def _nothing_to_draw(population: Population) -> NotFoundError:
    left_out = ", ".join(f"{n} {why}" for why, n in sorted(population.excluded.items()))
    found = f"every matching call is left out ({left_out})" if left_out else "no calls match"
    return NotFoundError(
        f"Nothing to sample: {found}.",
        hint="Widen --since/--until, --queue or --agent, or close open samples.",
    )


def draw_and_store(
    store: Store, policy: SamplingPolicy, where: CallFilter, drawn_by: str | None = None
) -> DrawnSample:
    """Draw a sample from the eligible calls, store it with its parameters, and audit it."""
    try:
        policy.check()
    except ValueError as exc:
        raise BadInputError(str(exc), hint="See `qa sample draw --help`.") from None
    population = gather_population(store, where, weigh_risk=policy.strategy != Strategy.RANDOM)
    if not population.candidates:
        raise _nothing_to_draw(population)
    draw = draw_sample(population.candidates, policy)
    who = drawn_by or current_login()
    params = {**policy.to_params(), **where.to_params(), "excluded": dict(population.excluded)}
    members = [(call_id, stratum.value) for call_id, stratum in draw.picked]
    sample_id = store.save_sample(params, draw.seed, who, dict(draw.population), members)
    after = {"seed": draw.seed, "size": len(members), "params": params}
    store.record_audit(who, "sample.draw", "sample", str(sample_id), None, after)
    return DrawnSample(sample_id, draw, population)


def _number(value: Any) -> float | None:
    return float(value) if value not in (None, "", 0, 0.0) else None


def policy_from_settings(section: Mapping[str, Any]) -> SamplingPolicy:
    """The workspace's `[sample]` table as a policy; zero or empty means "not set"."""
    try:
        rate = section.get("rate")
        count = _number(section.get("count"))
        margin = _number(section.get("margin"))
        return SamplingPolicy(
            count=int(count) if count else None,
            rate=parse_rate(rate) if isinstance(rate, str) and rate else _number(rate),
            per_agent=int(section.get("per_agent") or 0),
            margin=margin,
            confidence=float(section.get("confidence") or 0.95),
            expected_pass_rate=float(section.get("expected_pass_rate") or 0.5),
            strategy=Strategy(str(section.get("strategy") or "random")),
            random_share=float(section.get("random_share", 0.5)),
        )
    except (TypeError, ValueError) as exc:
        raise BadInputError(
            f"The [sample] table in qa.toml is invalid: {exc}.",
            hint='Use numbers, e.g. rate = 0.05, per_agent = 2, strategy = "mixed".',
        ) from None
