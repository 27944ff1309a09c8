"""Team report figures from scored calls: per agent, team, item and period (pure; CLI and TUI)."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean
from typing import Literal

from qa.domain.export.records import ScoredCall
from qa.domain.scorecard import Verdict

Period = Literal["week", "month"]
DECIDED = (Verdict.PASS, Verdict.FAIL)  # verdicts that count toward a pass rate
UNDATED = "undated"
EXCELLENT_SCORE = 95.0  # percent; at or above it (and passed) a scorecard is "Excellent"


def offer_item_ids(rubric_text: str) -> frozenset[str]:
    """Ids of a rubric's items that check the suggested up-sells (`each = "offers"`)."""
    try:
        items = tomllib.loads(rubric_text).get("items", [])
    except tomllib.TOMLDecodeError:
        return frozenset()
    if not isinstance(items, list):
        return frozenset()
    return frozenset(
        str(i["id"]) for i in items if isinstance(i, dict) and i.get("each") == "offers"
    )


def is_offer_item(call: ScoredCall, item_id: str) -> bool:
    """An up-sell item: the rubric's `each = "offers"` item, or any item whose id says offer."""
    return item_id in call.offer_items or "offer" in item_id.casefold()


def offer_made(call: ScoredCall) -> bool | None:
    """True when every decided up-sell item passed; None when no up-sell item applied."""
    decided = [i for i in call.items if is_offer_item(call, i.item_id) and i.verdict in DECIDED]
    if not decided:
        return None
    return all(i.verdict == Verdict.PASS for i in decided)


def score_band(call: ScoredCall) -> str:
    """The band a coaching session talks about: auto-fail, below, meets or excellent."""
    if call.auto_fail:
        return "Auto-fail"
    if not call.passed:
        band = "Below standard"
    else:
        band = "Excellent" if call.score >= EXCELLENT_SCORE else "Meets standard"
    return f"{band} (provisional)" if call.provisional else band


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return fmean(known) if known else None


def _share(flags: Iterable[bool | None]) -> float | None:
    known = [f for f in flags if f is not None]
    return sum(known) / len(known) if known else None


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """What a report row shows for a group of calls (an agent, a team or a period)."""

    key: str
    label: str
    calls: int
    mean_score: float | None  # over final scorecards unless provisional ones were asked for
    pass_rate: float | None  # 0-1, over the same scorecards as the mean
    auto_fails: int
    offer_calls: int  # calls where an up-sell item applied
    offer_rate: float | None  # 0-1, among offer_calls
    measured: int  # calls with stored call metrics
    mean_talk_ratio: float | None  # agent share of talk, 0-1
    mean_longest_hold: float | None  # seconds
    monotone_share: float | None  # 0-1, among calls whose pitch was measured
    final_calls: int = 0  # calls whose scorecard a supervisor finalized
    left_out: int = 0  # provisional scorecards the mean and pass rate leave out

    @property
    def provisional_calls(self) -> int:
        """Calls whose score is not final yet (counted in the mean only when asked for)."""
        return self.calls - self.final_calls

    def meets_goal(self, goal: float) -> bool | None:
        """Whether the up-sell offer rate reaches `goal` (None when nothing to judge)."""
        return None if self.offer_rate is None else self.offer_rate >= goal


def group_figures(
    key: str, label: str, calls: Sequence[ScoredCall], include_provisional: bool = False
) -> GroupFigures:
    """The figures of one group of calls; the mean score and pass rate count final scorecards
    only, unless `include_provisional` (a provisional score may still move)."""
    offers = [offer_made(c) for c in calls]
    metrics = [c.metrics for c in calls if c.metrics is not None]
    scored = [c for c in calls if c.final or include_provisional]
    return GroupFigures(
        key=key,
        label=label,
        calls=len(calls),
        mean_score=_mean(c.score for c in scored),
        pass_rate=_share(c.passed for c in scored),
        auto_fails=sum(c.auto_fail for c in calls),
        offer_calls=sum(o is not None for o in offers),
        offer_rate=_share(offers),
        measured=len(metrics),
        mean_talk_ratio=_mean(m.talk_ratio for m in metrics),
        mean_longest_hold=_mean(m.longest_silence for m in metrics),
        monotone_share=_share(m.monotone for m in metrics),
        final_calls=sum(c.final for c in calls),
        left_out=len(calls) - len(scored),
    )


def _grouped(
    calls: Iterable[ScoredCall],
    key: Callable[[ScoredCall], tuple[str, str]],
    include_provisional: bool = False,
) -> list[GroupFigures]:
    groups: dict[tuple[str, str], list[ScoredCall]] = defaultdict(list)
    for call in calls:
        groups[key(call)].append(call)
    return [
        group_figures(k, label, found, include_provisional) for (k, label), found in groups.items()
    ]


def by_agent(calls: Iterable[ScoredCall], include_provisional: bool = False) -> list[GroupFigures]:
    """One row per agent, by name."""
    rows = _grouped(calls, lambda c: (c.agent_id, c.agent_label), include_provisional)
    return sorted(rows, key=lambda r: (r.label.casefold(), r.key))


def by_team(calls: Iterable[ScoredCall], include_provisional: bool = False) -> list[GroupFigures]:
    """One row per team (agents without a team under "(no team)")."""
    rows = _grouped(calls, lambda c: (c.team, c.team or "(no team)"), include_provisional)
    return sorted(rows, key=lambda r: (not r.key, r.label.casefold()))


def period_key(moment: datetime | None, period: Period) -> str:
    """The ISO week ("2026-W47") or month ("2026-11") of a call time."""
    if moment is None:
        return UNDATED
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"


def by_period(
    calls: Iterable[ScoredCall], period: Period, include_provisional: bool = False
) -> list[GroupFigures]:
    """One row per week or month, oldest first (undated calls last)."""
    rows = _grouped(calls, lambda c: (period_key(c.started_at, period),) * 2, include_provisional)
    return sorted(rows, key=lambda r: (r.key == UNDATED, r.key))


@dataclass(frozen=True, slots=True)
class ItemFigures:
    """How one script step fared over the calls: which steps fail most."""

    item_id: str
    label: str
    section: str
    passed: int
    failed: int
    not_applicable: int
    undecided: int  # uncertain or pending
    overridden: int  # verdicts a supervisor changed

    @property
    def decided(self) -> int:
        """Calls where the item passed or failed."""
        return self.passed + self.failed

    @property
    def pass_rate(self) -> float | None:
        """Passed among decided, 0-1."""
        return self.passed / self.decided if self.decided else None


def _item_figures(item_id: str, calls: Sequence[ScoredCall]) -> ItemFigures:
    found = [i for c in calls if (i := c.item(item_id)) is not None]
    verdicts = [i.verdict for i in found]
    return ItemFigures(
        item_id=item_id,
        label=found[0].label,
        section=found[0].section,
        passed=verdicts.count(Verdict.PASS),
        failed=verdicts.count(Verdict.FAIL),
        not_applicable=verdicts.count(Verdict.NA),
        undecided=verdicts.count(Verdict.UNCERTAIN) + verdicts.count(Verdict.PENDING),
        overridden=sum(i.overridden for i in found),
    )


def by_item(calls: Sequence[ScoredCall]) -> list[ItemFigures]:
    """One row per rubric item, worst pass rate first (items never decided last)."""
    ids = dict.fromkeys(i.item_id for c in calls for i in c.items)
    rows = [_item_figures(item_id, calls) for item_id in ids]
    return sorted(rows, key=lambda r: (r.pass_rate is None, r.pass_rate or 0.0, -r.failed))
