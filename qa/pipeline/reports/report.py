"""Team reports: the scored calls a filter selects, as figures per agent, item or period."""

from __future__ import annotations

from dataclasses import dataclass

from qa.domain.export.choices import ReportBy
from qa.domain.export.records import ExportFilter
from qa.domain.reports.reporting import (
    GroupFigures,
    ItemFigures,
    by_agent,
    by_item,
    by_period,
    by_team,
)
from qa.domain.wording import plural
from qa.pipeline.export.export import scored_calls
from qa.storage.store import Store


@dataclass(frozen=True, slots=True)
class TeamReport:
    """What `qa report` (and the TUI report screen) shows: group rows or item rows."""

    by: ReportBy
    offer_goal: float
    calls: int
    groups: tuple[GroupFigures, ...] = ()  # agent, team, week or month rows
    items: tuple[ItemFigures, ...] = ()  # item rows, worst pass rate first
    final: int = 0  # of `calls`, those a supervisor finalized
    include_provisional: bool = False  # means count provisional scores too

    @property
    def provisional(self) -> int:
        """Scored calls not final yet."""
        return self.calls - self.final

    def averaged_over(self) -> str:
        """What the means count, in a sentence: "Means over 3 final scorecards; 9 provisional
        ones left out (--include-provisional counts them)."."""
        if self.include_provisional:
            return (f"Means over {plural(self.calls, 'scorecard')}, "
                    f"{self.provisional} of them provisional.")  # fmt: skip
        text = f"Means over {plural(self.final, 'final scorecard')}"
        if self.provisional:
            left = plural(self.provisional, "provisional one")
            return f"{text}; {left} left out (--include-provisional counts them)."
        return text + "."


def team_report(
    store: Store,
    where: ExportFilter,
    by: ReportBy,
    offer_goal: float,
    include_provisional: bool = False,
) -> TeamReport:
    """The report over the calls `where` selects, grouped as asked; means count final
    scorecards only unless `include_provisional`."""
    calls = scored_calls(store, where)
    final = sum(c.final for c in calls)
    head = (by, offer_goal, len(calls))
    if by == "item":
        return TeamReport(*head, items=tuple(by_item(calls)), final=final)
    if by in ("week", "month"):
        groups = by_period(calls, by, include_provisional)
    elif by == "team":
        groups = by_team(calls, include_provisional)
    else:
        groups = by_agent(calls, include_provisional)
    return TeamReport(*head, tuple(groups), final=final, include_provisional=include_provisional)
