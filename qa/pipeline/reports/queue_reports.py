"""The review queue's calls as a team report or an export file, with the CLI's code."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from qa.domain.export.records import ExportFilter
from qa.errors import BadInputError
from qa.pipeline.export.export import ExportDone, ExportOptions, export_calls, offer_goal
from qa.pipeline.export.filters import export_filter
from qa.pipeline.reports.report import TeamReport, team_report
from qa.storage.queue import QueueFilter
from qa.storage.store import Store
from qa.workspace import Workspace

EXPORT_STEM = "callqa-export"  # default file name in the workspace, plus the format's extension


@dataclass(frozen=True, slots=True)
class QueueReport:
    """What the report screen shows: `qa report` by agent, by item, and by week per agent."""

    agents: TeamReport
    items: TeamReport
    trends: dict[str, TeamReport]  # agent id -> that agent's report by week


def _day(moment: datetime | None, back: timedelta = timedelta()) -> str | None:
    return None if moment is None else (moment - back).date().isoformat()


def queue_export_filter(
    ws: Workspace, store: Store, login: str, where: QueueFilter
) -> ExportFilter:
    """The export filter for the queue's filter, as `export_filter` builds it for `login`.

    The queue's `until` is already the day after the typed date; `export_filter` adds that day
    itself. Search words have no export equivalent, so they are refused rather than ignored.
    """
    if where.search:
        raise BadInputError(
            f"The queue search {where.search!r} cannot be applied to a report or export.",
            hint="Use key:value terms only (agent:, status:, since:, until:, sample:).",
        )
    return export_filter(
        ws,
        store,
        login,
        since=_day(where.since),
        until=_day(where.until, timedelta(days=1)),
        agent=where.agent or None,
        sample_id=where.sample_id,
        status=where.status or None,
    )


def queue_report(
    ws: Workspace, store: Store, where: ExportFilter, include_provisional: bool = False
) -> QueueReport:
    """`qa report --by agent`, `--by item`, and `--by week` for each agent, over `where`;
    means over final scorecards unless `include_provisional`."""
    goal, wide = offer_goal(ws), include_provisional
    agents = team_report(store, where, "agent", goal, wide)
    trends = {
        row.key: team_report(store, replace(where, agent=row.key), "week", goal, wide)
        for row in agents.groups
        if row.key
    }
    return QueueReport(agents, team_report(store, where, "item", goal), trends)


def export_path(ws: Workspace, fmt: str) -> Path:
    """Where an export goes unless the supervisor types another path."""
    return ws.root / f"{EXPORT_STEM}.{fmt}"


def export_queue(
    ws: Workspace, store: Store, where: ExportFilter, fmt: str, out: str
) -> ExportDone:
    """Write the calls `where` selects to `out` (relative to the workspace) as the CLI does."""
    if not out.strip():
        raise BadInputError("The export needs a file name.", hint=f"e.g. {export_path(ws, fmt)}")
    path = Path(out.strip()).expanduser()
    path = path if path.is_absolute() else ws.root / path
    return export_calls(store, where, path, ExportOptions(fmt, offer_goal=offer_goal(ws)))
