"""`qa export`: scorecards to CSV, JSON, XLSX or PDF, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, workspace
from qa.domain.export.choices import FORMATS, STATUSES

SinceOption = Annotated[
    str | None, typer.Option(help="Only calls on or after this date (YYYY-MM-DD).")
]
UntilOption = Annotated[str | None, typer.Option(help="Only calls up to and including this date.")]
AgentOption = Annotated[str | None, typer.Option(help="Only this agent (id, login or name).")]
TeamOption = Annotated[str | None, typer.Option(help="Only agents of this team (agents.toml).")]
SampleOption = Annotated[int | None, typer.Option(help="Only the calls of this sample.")]
StatusOption = Annotated[
    str | None, typer.Option(help=f"Only calls in this review status ({', '.join(STATUSES)}).")
]


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The file to write (replaced atomically).")],
    format: Annotated[
        str, typer.Option("--format", help=f"File format: {', '.join(FORMATS)}.")
    ] = "csv",
    long: Annotated[
        bool, typer.Option("--long", help="CSV: one row per call and item, with evidence.")
    ] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    agent: AgentOption = None,
    team: TeamOption = None,
    sample: SampleOption = None,
    status: StatusOption = None,
    include_provisional: Annotated[
        bool,
        typer.Option(
            "--include-provisional",
            help="PDF: also calls not reviewed yet (marked provisional); "
            "summaries: count their scores in the means.",
        ),
    ] = False,
) -> None:
    """Export scorecards with their items, evidence, overrides, comments and disputes.

    An agent's login exports only that agent's own calls.

    Example: qa export --format xlsx --out nov.xlsx --since 2026-11-01
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.export.export import ExportOptions, export_calls, offer_goal
    from qa.pipeline.export.filters import export_filter

    ws = workspace()
    options = ExportOptions(format.lower(), long, offer_goal(ws), include_provisional)
    with authorized_store(ws, "export") as (store, who):
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
        done = export_calls(store, where, out, options)
    console.print(escape(done.summary()), highlight=False)
