"""Properties of every draw, for any calls and any policy hypothesis can think of."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.sampling.sampling import Candidate, SamplingPolicy, Strategy, Stratum, draw_sample

AGENTS = ("ann", "bob", "cy", "dee")


@st.composite
def call_pools(draw: st.DrawFn) -> list[Candidate]:
    """Up to 60 calls with unique ids and content keys, spread over a few agents, any weights."""
    ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=60))
    return [
        Candidate(
            call_id,
            draw(st.sampled_from(AGENTS)),
            f"{call_id * 2654435761 % 2**32:08x}",
            draw(st.sampled_from((1.0, 1.5, 4.0, 8.0))),
        )
        for call_id in ids
    ]


policies = st.builds(
    SamplingPolicy,
    count=st.one_of(st.none(), st.integers(1, 80)),
    per_agent=st.integers(0, 6),
    strategy=st.sampled_from(list(Strategy)),
    random_share=st.sampled_from((0.0, 0.25, 0.5, 1.0)),
    seed=st.integers(0, 2**63 - 1),
).filter(lambda p: p.count is not None or p.per_agent > 0)

rate_policies = st.builds(
    SamplingPolicy,
    rate=st.floats(0.001, 1.0),
    per_agent=st.integers(0, 6),
    seed=st.integers(0, 2**32),
)


def agent_counts(pool: list[Candidate], ids: tuple[int, ...]) -> dict[str, int]:
    agent_of = {c.call_id: c.agent for c in pool}
    counts = dict.fromkeys(AGENTS, 0)
    for call_id in ids:
        counts[agent_of[call_id]] += 1
    return counts


@settings(max_examples=150, deadline=None)
@given(call_pools(), st.one_of(policies, rate_policies))
def test_sample_is_a_subset_never_larger_than_the_population(
    pool: list[Candidate], policy: SamplingPolicy
) -> None:
    draw = draw_sample(pool, policy)
    assert len(set(draw.call_ids)) == len(draw.call_ids) <= len(pool)
    assert set(draw.call_ids) <= {c.call_id for c in pool}
    assert sum(draw.population.values()) == len(pool)
    assert sum(s.size for s in draw.sizes) == len(draw.picked)


@settings(max_examples=150, deadline=None)
@given(call_pools(), st.one_of(policies, rate_policies))
def test_per_agent_minimum_is_honoured(pool: list[Candidate], policy: SamplingPolicy) -> None:
    draw = draw_sample(pool, policy)
    drawn = agent_counts(pool, draw.call_ids)
    for agent, calls in draw.population.items():
        assert drawn[agent] >= min(policy.per_agent, calls)


@settings(max_examples=150, deadline=None)
@given(call_pools(), policies)
def test_count_is_met_when_there_are_enough_calls(
    pool: list[Candidate], policy: SamplingPolicy
) -> None:
    draw = draw_sample(pool, policy)
    if policy.count is not None:
        assert len(draw.picked) >= min(policy.count, len(pool))
        guaranteed = sum(min(policy.per_agent, n) for n in draw.population.values())
        assert len(draw.picked) == max(min(policy.count, len(pool)), guaranteed)


@settings(max_examples=100, deadline=None)
@given(call_pools(), policies, st.randoms(use_true_random=False))
def test_same_seed_any_input_order_same_sample(
    pool: list[Candidate], policy: SamplingPolicy, shuffler: random.Random
) -> None:
    shuffled = list(pool)
    shuffler.shuffle(shuffled)
    assert draw_sample(pool, policy) == draw_sample(shuffled, policy)


@settings(max_examples=100, deadline=None)
@given(call_pools(), policies)
def test_minimum_stratum_only_when_asked(pool: list[Candidate], policy: SamplingPolicy) -> None:
    strata = {s for _, s in draw_sample(pool, policy).picked}
    if policy.per_agent == 0:
        assert Stratum.PER_AGENT_MINIMUM not in strata
    if policy.strategy == Strategy.RANDOM:
        assert Stratum.RISK not in strata
