"""`qa report`: team figures per agent, team, item, week or month; calibration agreement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace
from qa.cli.export import (
    AgentOption,
    SampleOption,
    SinceOption,
    StatusOption,
    TeamOption,
    UntilOption,
)
from qa.domain.export.choices import REPORT_BY
from qa.domain.reports.reporting import GroupFigures, ItemFigures
from qa.domain.wording import plural
from qa.errors import BadInputError

if TYPE_CHECKING:
    from qa.pipeline.reports.report import TeamReport


def percent(share: float | None) -> str:
    """A share 0-1 as a whole percent; "-" when unknown."""
    return "-" if share is None else f"{share * 100:.0f}%"


def number(value: float | None, digits: int = 1) -> str:
    """A number with fixed decimals; "-" when unknown."""
    return "-" if value is None else f"{value:.{digits}f}"


def _offer(row: GroupFigures, goal: float) -> str:
    shown = percent(row.offer_rate)
    meets = row.meets_goal(goal)
    return shown if meets is None else f"[{'green' if meets else 'red'}]{shown}[/]"


def _groups_table(report: TeamReport) -> Table:
    goal = report.offer_goal
    table = Table(title=f"By {report.by} (up-sell goal {percent(goal)})")
    for name in ("", "calls", "final", "mean score", "pass rate", "auto-fails", "offer rate"):
        table.add_column(name, justify="left" if not name else "right")
    measured = any(r.measured for r in report.groups)
    if measured:
        for name in ("talk share", "longest hold s", "monotone"):
            table.add_column(name, justify="right")
    for row in report.groups:
        cells = [escape(row.label), str(row.calls), str(row.final_calls), number(row.mean_score)]
        cells += [percent(row.pass_rate)]
        cells += [str(row.auto_fails), _offer(row, goal)]
        if measured:
            cells += [percent(row.mean_talk_ratio), number(row.mean_longest_hold, 0)]
            cells += [percent(row.monotone_share)]
        table.add_row(*cells)
    return table


def _items_table(items: tuple[ItemFigures, ...]) -> Table:
    table = Table(title="By item (worst first)")
    table.add_column("item")
    table.add_column("section")
    for name in ("pass rate", "passed", "failed", "n/a", "undecided", "overridden"):
        table.add_column(name, justify="right")
    for row in items:
        table.add_row(
            f"{escape(row.item_id)} [dim]{escape(row.label)}[/]",
            escape(row.section),
            percent(row.pass_rate),
            *(str(n) for n in (row.passed, row.failed, row.not_applicable, row.undecided)),
            str(row.overridden),
        )
    return table


@app.command("report")
def report_command(
    by: Annotated[str, typer.Option(help=f"Group by {', '.join(REPORT_BY)}.")] = "agent",
    calibration: Annotated[
        int | None, typer.Option(help="Show agreement of this calibration session instead.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    agent: AgentOption = None,
    team: TeamOption = None,
    sample: SampleOption = None,
    status: StatusOption = None,
    include_provisional: Annotated[
        bool,
        typer.Option(
            "--include-provisional", help="Count scores not final yet in the means and pass rates."
        ),
    ] = False,
) -> None:
    """Mean score, pass rate, auto-fails and up-sell offer rate per agent, team, item or period.

    Example: qa report --by week --since 2026-11-01
    """
    if calibration is not None:
        from qa.cli.calibrate import print_agreement

        print_agreement(calibration)
        return
    if by not in REPORT_BY:
        raise BadInputError(f"Cannot group by {by!r}.", hint=f"Use one of {', '.join(REPORT_BY)}.")
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.export.export import offer_goal
    from qa.pipeline.export.filters import export_filter
    from qa.pipeline.reports.report import team_report

    ws = workspace()
    with authorized_store(ws, "report") as (store, who):
        where = export_filter(
            ws,
            store,
            who.login,
            since=since,
            until=until,
            agent=agent,
            team=team,
            sample_id=sample,
            status=status,
        )
        report = team_report(store, where, by, offer_goal(ws), include_provisional)
    if report.by == "item":
        console.print(_items_table(report.items))
    else:
        console.print(_groups_table(report))
    console.print(f"{plural(report.calls, 'scored call')}. {report.averaged_over()}")
