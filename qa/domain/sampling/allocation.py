"""Share a number of calls among agents in proportion to their call volume (largest remainder)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction


def _saturated(quotas: Mapping[str, Fraction], room: Mapping[str, int]) -> list[str]:
    return [agent for agent, quota in quotas.items() if quota >= room[agent]]


def _hand_out(
    left: int, quotas: Mapping[str, Fraction], volumes: Mapping[str, int]
) -> dict[str, int]:
    """Floors first, then one more each by largest remainder; ties: bigger volume, then name."""
    shares = {agent: math.floor(quota) for agent, quota in quotas.items()}
    order = sorted(quotas, key=lambda a: (-(quotas[a] - shares[a]), -volumes[a], a))
    for agent in order[: left - sum(shares.values())]:
        shares[agent] += 1
    return shares


def largest_remainder(
    total: int, volumes: Mapping[str, int], room: Mapping[str, int]
) -> dict[str, int]:
    """`total` calls shared in proportion to `volumes`, no agent getting more than its `room`.

    An agent whose proportional quota reaches its room gets exactly its room and drops out; the
    rest is shared again among the others, so the result always adds up to min(total, Σ room).
    Exact fractions keep the tie-breaks deterministic on every platform.
    """
    shares = dict.fromkeys(volumes, 0)
    active = {a: room[a] for a in volumes if room[a] > 0 and volumes[a] > 0}
    left = min(total, sum(active.values()))
    while left > 0 and active:
        weight = sum(volumes[a] for a in active)
        quotas = {a: Fraction(left * volumes[a], weight) for a in active}
        full = _saturated(quotas, active)
        if not full:
            shares.update(_hand_out(left, quotas, volumes))
            break
        for agent in full:
            shares[agent] = active.pop(agent)
            left -= shares[agent]
    return shares
