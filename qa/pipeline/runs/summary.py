"""The table `qa run` ends with: per call its score and verdict counts, per agent the mean."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from qa.domain.scorecard import Verdict
from qa.storage.store import Store


@dataclass(frozen=True, slots=True)
class CallLine:
    """One call of the job's summary."""

    call_id: int
    call_ref: str
    agent: str
    score: float | None
    passed: int = 0
    failed: int = 0
    uncertain: int = 0
    pending: int = 0
    auto_fail: bool = False
    provisional: bool = False
    problem: str = ""
    score_range: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class AgentLine:
    """One agent's mean score over the job's scored calls (provisional scores count over the
    items decided so far; `provisional` says how many of the calls that is)."""

    agent: str
    calls: int
    mean_score: float
    auto_fails: int
    provisional: int = 0


def _agent_name(store: Store, agent_id: str) -> str:
    agent = store.agent(agent_id) if agent_id else None
    return agent.name if agent else (agent_id or "(unknown agent)")


def call_lines(store: Store, call_ids: Sequence[int]) -> list[CallLine]:
    """A summary line per call, in call order."""
    lines = []
    for call_id in call_ids:
        call = store.call(call_id)
        card = store.scorecard(call_id)
        ref = call.meta.call_id or Path(call.path).name
        agent = _agent_name(store, call.meta.agent)
        if card is None:
            lines.append(CallLine(call_id, ref, agent, None, problem=call.problem or "not scored"))
            continue
        count = {v: sum(1 for i in card.items if i.verdict == v) for v in Verdict}
        lines.append(CallLine(
            call_id, ref, agent, card.score, count[Verdict.PASS], count[Verdict.FAIL],
            count[Verdict.UNCERTAIN], count[Verdict.PENDING], card.auto_fail, card.provisional,
            score_range=card.score_range,
        ))  # fmt: skip
    return lines


def agent_lines(lines: Sequence[CallLine]) -> list[AgentLine]:
    """Per agent: scored calls, mean score, auto-fails; agents by name."""
    by_agent: dict[str, list[CallLine]] = {}
    for line in lines:
        if line.score is not None:
            by_agent.setdefault(line.agent, []).append(line)
    return [
        AgentLine(
            agent,
            len(mine),
            round(fmean(m.score or 0.0 for m in mine), 1),
            sum(m.auto_fail for m in mine),
            sum(m.provisional for m in mine),
        )  # fmt: skip
        for agent, mine in sorted(by_agent.items())
    ]
