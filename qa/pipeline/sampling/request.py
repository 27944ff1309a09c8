"""What a person asks `qa sample` for: their flags over the workspace's [sample] defaults, checked.

The flags are named in the sentences (`--count`, `--margin`) because a person typed them; the
merge itself is the policy's own rule (`SamplingPolicy.overridden_by`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from qa.domain.sampling.sampling import SamplingPolicy, Strategy, parse_rate
from qa.errors import BadInputError
from qa.pipeline.sampling.sample import CallFilter

USAGE_HINT = "See `qa sample draw --help`."
DAY_LENGTH = len("2026-11-20")  # a bare date, as opposed to a time


def usage(message: str) -> BadInputError:
    """A wrong combination or value of `qa sample` flags, told in one sentence."""
    return BadInputError(message, hint=USAGE_HINT)


def flag(field: str) -> str:
    """The flag a policy field is given by: per_agent -> --per-agent."""
    return "--" + field.replace("_", "-")


def sampling_rate(text: str | None) -> float | None:
    """--rate as a fraction of the calls: 5% or 0.05."""
    try:
        return parse_rate(text) if text is not None else None
    except ValueError as exc:
        raise usage(f"--rate: {exc}.") from None


def moment(text: str | None, name: str, *, end_of_day: bool = False) -> datetime | None:
    """A date (YYYY-MM-DD) or an ISO time; a bare --until date includes that whole day."""
    if text is None:
        return None
    try:
        if len(text.strip()) == DAY_LENGTH:
            day = datetime.combine(date.fromisoformat(text.strip()), datetime.min.time())
            return day + timedelta(days=1) if end_of_day else day
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise usage(f"{name} {text!r} is not a date; write it as 2026-11-20.") from None


def call_filter(
    since: str | None, until: str | None, queue: str | None, agent: str | None
) -> CallFilter:
    """The calls to draw from: --since and --until (inclusive) dates, a queue, an agent."""
    return CallFilter(
        moment(since, "--since"), moment(until, "--until", end_of_day=True), queue, agent
    )


def check_combination(given: Mapping[str, Any]) -> None:
    """Refuse size flags that contradict each other, before anything is opened."""
    named = {flag(field) for field, value in given.items() if value is not None}
    if {"--count", "--rate"} <= named:
        raise usage("Give --count or --rate, not both.")
    if "--margin" in named and named & {"--count", "--rate"}:
        raise usage("--margin sizes the sample by statistics; leave out --count and --rate.")


def _check_policy(given: Mapping[str, Any], policy: SamplingPolicy) -> None:
    for needs_margin in ("confidence", "expected_pass_rate"):
        if given.get(needs_margin) is not None and policy.margin is None:
            raise usage(f"{flag(needs_margin)} only applies with --margin.")
    if given.get("random_share") is not None and policy.strategy != Strategy.MIXED:
        raise usage("--random-share only applies with --strategy mixed.")


def requested_policy(given: Mapping[str, Any], defaults: SamplingPolicy) -> SamplingPolicy:
    """The flags a person gave over the workspace's [sample] defaults, checked together."""
    policy = defaults.overridden_by(given)
    _check_policy(given, policy)
    return policy
