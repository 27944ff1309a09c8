"""Checks on the queue's `key:value` search terms: an unknown key, status or agent is answered
with what is valid instead of silently matching nothing."""

from __future__ import annotations

import difflib
from dataclasses import replace

from qa.domain.call import ReviewStatus
from qa.errors import BadInputError
from qa.storage.queue import QueueFilter

QUERY_KEYS = ("agent", "status", "since", "until", "sample")
STATUSES = tuple(s.value for s in ReviewStatus)


def _nearest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word.casefold(), choices, n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}? " if close else ""


def unknown_key(key: str, value: str) -> BadInputError:
    """A `key:` the queue does not know (a typo such as `stauts:new`)."""
    near = difflib.get_close_matches(key.casefold(), QUERY_KEYS, n=1, cutoff=0.6)
    hint = f"Did you mean {near[0]}:{value}? " if near else ""
    return BadInputError(
        f"{key}:{value} is not a filter the queue knows.",
        hint=f"{hint}Filters: {', '.join(k + ':' for k in QUERY_KEYS)}",
    )


def checked_status(value: str) -> str:
    """The status a `status:` term names ("in review" may be typed in_review or in-review)."""
    status = value.casefold().replace("-", "_")
    if status not in STATUSES:
        raise BadInputError(
            f"status:{value} is not a review status.",
            hint=f"{_nearest(status, STATUSES)}Statuses: {', '.join(STATUSES)}",
        )
    return status


def resolved_agent(where: QueueFilter, agents: list[tuple[str, str]]) -> QueueFilter:
    """The filter with `agent:` turned into an agent id; it may name the agent's id, full name
    or first name (any case). Refused with the agents there are when it names nobody."""
    if not where.agent:
        return where
    typed = where.agent.casefold().replace("_", " ")
    for agent_id, name in agents:
        names = {agent_id.casefold(), name.casefold(), name.casefold().split(" ")[0]}
        if typed in names:
            return replace(where, agent=agent_id)
    known = ", ".join(agent_id for agent_id, _ in agents) or "none yet"
    raise BadInputError(
        f"agent:{where.agent} is not an agent with calls.",
        hint=f"{_nearest(where.agent, [a for a, _ in agents])}Agents: {known}",
    )
