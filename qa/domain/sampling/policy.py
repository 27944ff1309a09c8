"""What a sample should be: its size rule, per-agent minimum, strategy and seed."""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

MAX_SEED = 2**63 - 1  # seeds are stored in a signed 64-bit column
NEW_SEED_BITS = 32  # short enough to read out and type back
SIZE_FIELDS = frozenset({"count", "rate", "margin"})  # each one alone decides the size


class Strategy(StrEnum):
    """How calls are chosen once the size is known."""

    RANDOM = "random"  # every call equally likely
    RISK = "risk"  # calls with auto-fails, low scores or undecided items more likely
    MIXED = "mixed"  # a pure random share plus a risk-weighted rest


class Stratum(StrEnum):
    """Why a call is in a sample; stored with each member."""

    RANDOM = "random"
    RISK = "risk"
    PER_AGENT_MINIMUM = "per-agent-minimum"


def new_seed() -> int:
    """A fresh seed from the operating system's randomness, to be stored with the sample."""
    return secrets.randbits(NEW_SEED_BITS)


def parse_rate(text: str) -> float:
    """A sampling rate written as '5%', '5 %' or '0.05', as a fraction of calls."""
    raw = text.strip()
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").strip())
    except ValueError:
        raise ValueError(f"rate {text!r} is not a number; write it as 5% or 0.05") from None
    if not percent and value > 1:
        raise ValueError(f"rate {text!r} is more than all calls; write 5% or 0.05 for five percent")
    rate = value / 100 if percent else value
    if not (math.isfinite(rate) and 0 < rate <= 1):
        raise ValueError(f"rate {text!r} must be more than 0 and at most 100%")
    return rate


def _in_open_unit(value: float) -> bool:
    return 0.0 < value < 1.0


@dataclass(frozen=True, slots=True)
class SamplingPolicy:
    """How big a sample is and how it is drawn; None means "not given"."""

    count: int | None = None
    rate: float | None = None  # fraction of the calls in the period, 0 < rate ≤ 1
    per_agent: int = 0  # every agent gets at least this many (fewer if they have fewer calls)
    margin: float | None = None  # ±margin on each agent's pass rate; sizes the sample per agent
    confidence: float = 0.95
    expected_pass_rate: float = 0.5  # 0.5 is the cautious choice: the largest sample
    strategy: Strategy = Strategy.RANDOM
    random_share: float = 0.5  # for `mixed`: the pure random part, which keeps estimates unbiased
    seed: int | None = None

    def problems(self) -> list[str]:
        """Every reason this policy cannot be drawn, as sentences (empty when it is valid)."""
        found = [*self._range_problems(), *self._size_problems()]
        if self.seed is not None and not 0 <= self.seed <= MAX_SEED:
            found.append(f"The seed must be a whole number from 0 to {MAX_SEED}.")
        return found

    def _size_problems(self) -> list[str]:
        found = []
        if self.count is not None and self.rate is not None:
            found.append("A sample is sized by a count or by a rate, not both.")
        if self.margin is not None and (self.count is not None or self.rate is not None):
            found.append("A margin sizes the sample by statistics; leave out count and rate.")
        sized = self.count or self.rate or self.per_agent or self.margin
        if not sized:
            found.append("No sample size: give a count, a rate, a per-agent minimum or a margin.")
        return found

    def _range_problems(self) -> list[str]:
        found = []
        if self.count is not None and self.count < 1:
            found.append(f"The count must be at least 1 (got {self.count}).")
        if self.rate is not None and not 0 < self.rate <= 1:
            found.append(f"The rate must be more than 0 and at most 100% (got {self.rate}).")
        if self.per_agent < 0:
            found.append(f"The per-agent minimum cannot be negative (got {self.per_agent}).")
        if self.margin is not None and not _in_open_unit(self.margin):
            found.append(f"The margin must be between 0 and 1, e.g. 0.10 (got {self.margin}).")
        if not _in_open_unit(self.confidence):
            found.append(f"The confidence must be between 0 and 1 (got {self.confidence}).")
        if not _in_open_unit(self.expected_pass_rate):
            found.append(
                f"The expected pass rate must be between 0 and 1 (got {self.expected_pass_rate})."
            )
        if not 0.0 <= self.random_share <= 1.0:
            found.append(f"The random share must be from 0 to 1 (got {self.random_share}).")
        return found

    def check(self) -> None:
        """Raise ValueError with the first problem, if any."""
        found = self.problems()
        if found:
            raise ValueError(found[0])

    @property
    def stratified(self) -> bool:
        """Sized per agent (a minimum or a margin) rather than over all calls at once."""
        return self.per_agent > 0 or self.margin is not None

    def to_params(self) -> dict[str, Any]:
        """The policy as JSON-ready parameters for the stored sample (seed is stored apart)."""
        params = asdict(self)
        params["strategy"] = self.strategy.value
        del params["seed"]
        return params

    def overridden_by(self, given: Mapping[str, Any]) -> SamplingPolicy:
        """This policy (a workspace's defaults) with the fields a person gave replacing it.

        Giving any size (count, rate or margin) replaces every size default, so a default rate
        never meets a given count; None in `given` means "not given".
        """
        chosen = {k: v for k, v in given.items() if v is not None}
        base = self
        if chosen.keys() & SIZE_FIELDS:
            base = replace(self, count=None, rate=None, margin=None)
        return replace(base, **chosen)

    @classmethod
    def from_params(cls, params: dict[str, Any], seed: int | None = None) -> SamplingPolicy:
        """Read `to_params` back (unknown keys, such as the call filters, are ignored)."""
        known = {k: params[k] for k in cls.__dataclass_fields__ if k in params and k != "seed"}
        if "strategy" in known:
            known["strategy"] = Strategy(known["strategy"])
        return cls(**known, seed=seed)
