"""A person's sampling choices over the workspace's defaults: given values win, sizes replace."""

import pytest

from qa.domain.sampling.policy import SamplingPolicy, Strategy

DEFAULTS = SamplingPolicy(rate=0.05, per_agent=2, strategy=Strategy.MIXED, random_share=0.3)


def test_nothing_given_keeps_the_defaults() -> None:
    assert DEFAULTS.overridden_by({"count": None, "seed": None}) == DEFAULTS


@pytest.mark.parametrize(
    ("given", "size"),
    [
        ({"count": 9}, (9, None, None)),
        ({"rate": 0.2}, (None, 0.2, None)),
        ({"margin": 0.1}, (None, None, 0.1)),
    ],
)
def test_any_given_size_replaces_every_size_default(
    given: dict[str, float], size: tuple[object, ...]
) -> None:
    policy = DEFAULTS.overridden_by(given)
    assert (policy.count, policy.rate, policy.margin) == size
    assert policy.problems() == []  # a default rate never meets a given count
    assert policy.per_agent == 2 and policy.strategy == Strategy.MIXED


def test_other_fields_replace_only_themselves() -> None:
    policy = DEFAULTS.overridden_by({"per_agent": 0, "strategy": Strategy.RANDOM, "seed": 7})
    assert (policy.rate, policy.per_agent, policy.strategy, policy.seed) == (
        0.05,
        0,
        Strategy.RANDOM,
        7,
    )
