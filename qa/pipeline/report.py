"""Team reports: the scored calls a filter selects, as figures per agent, item or period."""

from __future__ import annotations

from dataclasses import dataclass

from qa.domain.export_choices import REPORT_BY as REPORT_BY  # re-exported for old imports
from qa.domain.export_choices import ReportBy
from qa.domain.export_records import ExportFilter
from qa.domain.reporting import GroupFigures, ItemFigures, by_agent, by_item, by_period, by_team
from qa.pipeline.export import scored_calls
from qa.storage.store import Store


@dataclass(frozen=True, slots=True)
class TeamReport:
    """What `qa report` (and the TUI report screen) shows: group rows or item rows."""

    by: ReportBy
    offer_goal: float
    calls: int
    groups: tuple[GroupFigures, ...] = ()  # agent, team, week or month rows
    items: tuple[ItemFigures, ...] = ()  # item rows, worst pass rate first


def team_report(store: Store, where: ExportFilter, by: ReportBy, offer_goal: float) -> TeamReport:
    """The report over the calls `where` selects, grouped as asked."""
    calls = scored_calls(store, where)
    if by == "item":
        return TeamReport(by, offer_goal, len(calls), items=tuple(by_item(calls)))
    if by in ("week", "month"):
        groups = by_period(calls, by)
    else:
        groups = by_team(calls) if by == "team" else by_agent(calls)
    return TeamReport(by, offer_goal, len(calls), groups=tuple(groups))
