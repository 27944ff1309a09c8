"""`qa calls`: list calls and where each stands."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Column, Table

from qa.cli.app import app, console, workspace
from qa.cli.call_view import call_summary, shown_path
from qa.domain.call import Call, ReviewStatus
from qa.domain.wording import PROVISIONAL_NOTE, marked_score, plural
from qa.errors import BadInputError

STATUSES = ", ".join(s.value for s in ReviewStatus)


def _table(calls: list[Call]) -> Table:
    table = Table("id", "call_id", Column("file", overflow="fold", min_width=16), "agent")
    table.add_column("status")
    table.add_column("transcript")
    table.add_column("score", justify="right")
    table.add_column("problem", overflow="fold", max_width=40)
    for call in calls:
        table.add_row(
            str(call.id),
            escape(call.meta.call_id),
            escape(shown_path(call.path)),
            escape(call.meta.agent),
            call.status.value,
            call.transcript_state.value,
            "" if call.score is None else marked_score(call.score, call.score_final),
            escape(call.problem),
        )
    return table


def _status(text: str | None) -> str | None:
    if text is None or text in {s.value for s in ReviewStatus}:
        return text
    raise BadInputError(f"Unknown status {text!r}.", hint=f"Statuses are: {STATUSES}.")


@app.command("calls")
def calls_command(
    status: Annotated[
        str | None, typer.Option(help=f"Only calls in this status ({STATUSES}).")
    ] = None,
    agent: Annotated[
        str | None, typer.Option(help="Only this agent's calls (id, login or name).")
    ] = None,
    sample: Annotated[int | None, typer.Option(help="Only the calls of this sample.")] = None,
    unreadable: Annotated[
        bool,
        typer.Option("--unreadable", help="Only calls with a problem (unreadable, bad metadata)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List registered calls with their agent, review status, transcript state and score.

    Example: qa calls --agent sarah.k --status new
    """
    from qa.pipeline.access.identity import visible_calls
    from qa.pipeline.access.permissions import authorized_store

    with authorized_store(workspace(), "calls") as (store, who):
        calls = visible_calls(
            store,
            who,
            status=_status(status),
            agent=agent,
            problems=True if unreadable else None,
            sample_id=sample,
        )
        samples = store.call_samples([c.id for c in calls])
    if as_json:
        listed = [call_summary(c) | _sample_fields(samples.get(c.id, [])) for c in calls]
        typer.echo(json.dumps(listed, indent=2))
        return
    console.print(_table(calls))
    console.print(f"{plural(len(calls), 'call')}.")
    if any(c.score is not None and not c.score_final for c in calls):
        console.print(f"{PROVISIONAL_NOTE}: a supervisor finalizes it in `qa review`.")


def _sample_fields(sample_ids: list[int]) -> dict[str, object]:
    """The samples a call was drawn into, oldest first, and the latest one (None: never)."""
    return {"samples": sample_ids, "sample": sample_ids[-1] if sample_ids else None}
