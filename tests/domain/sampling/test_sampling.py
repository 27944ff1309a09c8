"""Drawing samples: sizes, per-agent guarantees, proportional spread, strata, policy rules."""

import hashlib
from collections import Counter

import pytest

from qa.domain.sampling.allocation import largest_remainder
from qa.domain.sampling.sampling import (
    Candidate,
    SamplingPolicy,
    Strategy,
    Stratum,
    draw_sample,
    parse_rate,
)


def calls(**per_agent: int) -> list[Candidate]:
    """Candidates with distinct content keys: `calls(ann=3, bob=1)`."""
    out = []
    for agent, n in per_agent.items():
        for i in range(n):
            call_id = len(out) + 1
            key = hashlib.sha256(f"{agent}/{i}".encode()).hexdigest()
            out.append(Candidate(call_id, agent, key))
    return out


def per_agent(draw_calls: list[Candidate], picked: tuple[tuple[int, Stratum], ...]) -> Counter:
    agent_of = {c.call_id: c.agent for c in draw_calls}
    return Counter(agent_of[call_id] for call_id, _ in picked)


class TestSize:
    """The sample has the size the supervisor asked for, never more than there are calls."""

    def test_count(self) -> None:
        draw = draw_sample(calls(ann=30, bob=20), SamplingPolicy(count=7, seed=1))
        assert len(draw.picked) == 7
        assert {s for _, s in draw.picked} == {Stratum.RANDOM}

    def test_count_larger_than_population_takes_everything(self) -> None:
        draw = draw_sample(calls(ann=3), SamplingPolicy(count=10, seed=1))
        assert sorted(draw.call_ids) == [1, 2, 3]

    @pytest.mark.parametrize(("rate", "size"), [(0.05, 5), (0.5, 50), (0.011, 2), (1.0, 100)])
    def test_rate_rounds_up(self, rate: float, size: int) -> None:
        draw = draw_sample(calls(ann=60, bob=40), SamplingPolicy(rate=rate, seed=3))
        assert len(draw.picked) == size

    def test_no_calls_gives_an_empty_sample(self) -> None:
        draw = draw_sample([], SamplingPolicy(count=5, per_agent=2, seed=1))
        assert draw.picked == () and dict(draw.population) == {}

    def test_population_is_counted_per_agent(self) -> None:
        draw = draw_sample(calls(bob=2, ann=5), SamplingPolicy(count=1, seed=1))
        assert dict(draw.population) == {"ann": 5, "bob": 2}


class TestPerAgent:
    """Every agent with calls in the period is reviewed at least N times."""

    def test_minimum_alone(self) -> None:
        pool = calls(ann=10, bob=1, cy=4)
        draw = draw_sample(pool, SamplingPolicy(per_agent=2, seed=5))
        assert per_agent(pool, draw.picked) == {"ann": 2, "bob": 1, "cy": 2}
        assert {s for _, s in draw.picked} == {Stratum.PER_AGENT_MINIMUM}

    def test_rest_goes_by_call_volume(self) -> None:
        pool = calls(ann=60, bob=30, cy=10)
        draw = draw_sample(pool, SamplingPolicy(count=23, per_agent=1, seed=5))
        # 20 left after the minimums, shared 60:30:10 → 12, 6, 2.
        assert per_agent(pool, draw.picked) == {"ann": 13, "bob": 7, "cy": 3}
        strata = Counter(s for _, s in draw.picked)
        assert strata == {Stratum.PER_AGENT_MINIMUM: 3, Stratum.RANDOM: 20}
        said = " ".join(draw.reasoning)
        assert "at least 1 call per agent" in said and "1 calls" not in said

    def test_minimum_wins_over_a_smaller_count(self) -> None:
        pool = calls(ann=5, bob=5, cy=5)
        draw = draw_sample(pool, SamplingPolicy(count=2, per_agent=2, seed=5))
        assert per_agent(pool, draw.picked) == {"ann": 2, "bob": 2, "cy": 2}
        assert any("more than 2" in line for line in draw.reasoning)

    def test_agent_with_every_call_drawn_leaves_the_rest_to_others(self) -> None:
        pool = calls(ann=2, bob=100)
        draw = draw_sample(pool, SamplingPolicy(count=50, per_agent=2, seed=5))
        assert per_agent(pool, draw.picked) == {"ann": 2, "bob": 48}

    def test_sizes_explain_each_agent(self) -> None:
        draw = draw_sample(calls(ann=1, bob=9), SamplingPolicy(count=5, per_agent=2, seed=5))
        sizes = {s.agent: s for s in draw.sizes}
        assert (sizes["ann"].minimum, sizes["ann"].extra) == (1, 0)
        assert "all of them" in sizes["ann"].reason
        assert sizes["bob"].size == 4


class TestMargin:
    """A margin sizes each agent's sample by statistics."""

    def test_sizes_per_agent(self) -> None:
        pool = calls(ann=50, bob=200, cy=3)
        draw = draw_sample(pool, SamplingPolicy(margin=0.10, confidence=0.95, seed=2))
        assert per_agent(pool, draw.picked) == {"ann": 34, "bob": 66, "cy": 3}
        assert "96.04" in {s.agent: s for s in draw.sizes}["ann"].reason

    def test_per_agent_minimum_raises_a_small_statistical_size(self) -> None:
        pool = calls(ann=500)
        draw = draw_sample(pool, SamplingPolicy(margin=0.4, per_agent=10, seed=2))
        assert len(draw.picked) == 10  # ±40 % needs only 6


class TestStrategy:
    """Risk strategies favour risky calls and say which calls came from which stratum."""

    def risky_pool(self) -> list[Candidate]:
        plain = [Candidate(i, "ann", f"{i:04d}", 1.0) for i in range(1, 181)]
        risky = [Candidate(i, "ann", f"{i:04d}", 8.0) for i in range(181, 201)]
        return plain + risky

    def test_risk_draws_more_risky_calls_than_random(self) -> None:
        pool = self.risky_pool()
        risky_ids = {c.call_id for c in pool if c.weight > 1}

        def risky_share(strategy: Strategy) -> float:
            hits = 0
            for seed in range(40):
                draw = draw_sample(pool, SamplingPolicy(count=20, strategy=strategy, seed=seed))
                hits += len(risky_ids & set(draw.call_ids))
            return hits / (40 * 20)

        assert risky_share(Strategy.RISK) > 2 * risky_share(Strategy.RANDOM)

    def test_mixed_keeps_the_random_share(self) -> None:
        policy = SamplingPolicy(count=10, strategy=Strategy.MIXED, random_share=0.3, seed=4)
        draw = draw_sample(self.risky_pool(), policy)
        assert Counter(s for _, s in draw.picked) == {Stratum.RANDOM: 3, Stratum.RISK: 7}
        assert len(set(draw.call_ids)) == 10

    def test_risk_with_every_call_takes_them_all(self) -> None:
        pool = self.risky_pool()
        draw = draw_sample(pool, SamplingPolicy(count=500, strategy=Strategy.RISK, seed=4))
        assert sorted(draw.call_ids) == list(range(1, 201))

    def test_weight_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="risk weight"):
            draw_sample([Candidate(1, "ann", "a", 0.0)], SamplingPolicy(count=1, seed=1))


class TestSeed:
    """The seed makes a draw repeatable; without one a fresh seed is made and reported."""

    def test_same_seed_same_sample(self) -> None:
        pool = calls(ann=40, bob=40)
        policy = SamplingPolicy(count=10, per_agent=2, seed=99)
        assert draw_sample(pool, policy).picked == draw_sample(pool[::-1], policy).picked

    def test_different_seeds_differ(self) -> None:
        pool = calls(ann=200)
        one = draw_sample(pool, SamplingPolicy(count=10, seed=1)).call_ids
        two = draw_sample(pool, SamplingPolicy(count=10, seed=2)).call_ids
        assert one != two

    def test_generated_seed_redraws_the_sample(self) -> None:
        pool = calls(ann=200)
        first = draw_sample(pool, SamplingPolicy(count=10))
        again = draw_sample(pool, SamplingPolicy(count=10, seed=first.seed))
        assert first.picked == again.picked

    def test_fixed_draw_does_not_change_between_releases(self) -> None:
        # Stored samples must be redrawable later: this pins the algorithm's output.
        pool = [Candidate(i, "ann" if i % 2 else "bob", f"{i:03d}") for i in range(1, 21)]
        draw = draw_sample(pool, SamplingPolicy(count=4, per_agent=1, seed=2026))
        assert draw.picked == PINNED_DRAW
        weighted = [Candidate(c.call_id, c.agent, c.key, 1.0 + c.call_id % 4) for c in pool]
        mixed = SamplingPolicy(count=5, strategy=Strategy.MIXED, seed=2026)
        assert draw_sample(weighted, mixed).picked == PINNED_MIXED_DRAW


PINNED_DRAW = (
    (3, Stratum.PER_AGENT_MINIMUM),
    (13, Stratum.RANDOM),
    (18, Stratum.PER_AGENT_MINIMUM),
    (20, Stratum.RANDOM),
)
PINNED_MIXED_DRAW = (
    (4, Stratum.RANDOM),
    (11, Stratum.RANDOM),
    (17, Stratum.RANDOM),
    (16, Stratum.RISK),
    (18, Stratum.RISK),
)


class TestPolicy:
    """Invalid combinations are refused with one sentence."""

    @pytest.mark.parametrize(
        ("policy", "words"),
        [
            (SamplingPolicy(count=5, rate=0.1), "not both"),
            (SamplingPolicy(margin=0.1, count=5), "leave out count"),
            (SamplingPolicy(), "No sample size"),
            (SamplingPolicy(count=0), "at least 1"),
            (SamplingPolicy(rate=1.5), "at most 100%"),
            (SamplingPolicy(per_agent=-1), "negative"),
            (SamplingPolicy(margin=0.1, confidence=1.2), "confidence"),
            (SamplingPolicy(count=1, random_share=2), "random share"),
            (SamplingPolicy(count=1, seed=-3), "seed"),
        ],
    )
    def test_refused(self, policy: SamplingPolicy, words: str) -> None:
        with pytest.raises(ValueError, match=words):
            draw_sample(calls(ann=3), policy)

    def test_params_round_trip(self) -> None:
        policy = SamplingPolicy(rate=0.05, per_agent=2, strategy=Strategy.MIXED, seed=7)
        params = policy.to_params()
        assert params["strategy"] == "mixed" and "seed" not in params
        assert SamplingPolicy.from_params({**params, "queue": "sales"}, seed=7) == policy


@pytest.mark.parametrize(
    ("text", "rate"), [("5%", 0.05), ("5 %", 0.05), ("0.05", 0.05), ("100%", 1.0), ("1", 1.0)]
)
def test_parse_rate(text: str, rate: float) -> None:
    assert parse_rate(text) == pytest.approx(rate)


@pytest.mark.parametrize("text", ["5", "abc", "0%", "-1%", "150%", "nan"])
def test_parse_rate_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        parse_rate(text)


class TestLargestRemainder:
    """Sharing calls among agents by volume, with caps and deterministic ties."""

    def test_exact_proportions(self) -> None:
        shares = largest_remainder(10, {"a": 50, "b": 30, "c": 20}, {"a": 50, "b": 30, "c": 20})
        assert shares == {"a": 5, "b": 3, "c": 2}

    def test_remainders_go_to_the_largest_fractions(self) -> None:
        # Quotas 3.5, 2.1, 1.4 → floors 3, 2, 1; the one left goes to a (0.5).
        shares = largest_remainder(7, {"a": 50, "b": 30, "c": 20}, {"a": 99, "b": 99, "c": 99})
        assert shares == {"a": 4, "b": 2, "c": 1}

    def test_ties_go_to_volume_then_name(self) -> None:
        assert largest_remainder(1, {"b": 1, "a": 1}, {"a": 1, "b": 1}) == {"a": 1, "b": 0}
        shares = largest_remainder(2, {"a": 3, "b": 3, "c": 3}, {"a": 3, "b": 3, "c": 3})
        assert shares == {"a": 1, "b": 1, "c": 0}

    def test_caps_pass_the_surplus_on(self) -> None:
        shares = largest_remainder(10, {"a": 90, "b": 10}, {"a": 3, "b": 10})
        assert shares == {"a": 3, "b": 7}

    def test_never_more_than_the_room(self) -> None:
        assert largest_remainder(100, {"a": 1, "b": 1}, {"a": 2, "b": 3}) == {"a": 2, "b": 3}
