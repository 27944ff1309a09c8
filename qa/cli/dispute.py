"""`qa dispute`, `qa acknowledge`, `qa self-assess`, `qa resolve` and `qa disputes`: agents answer
their scorecards, supervisors settle disputes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace
from qa.domain.scorecard import Verdict
from qa.domain.wording import plural
from qa.errors import BadInputError

disputes_app = typer.Typer(help="The dispute queue and what it teaches the scorer.")
app.add_typer(disputes_app, name="disputes")

CallArg = Annotated[str, typer.Argument(help="The call: its db id, or its metadata call_id.")]
ItemOpt = Annotated[str, typer.Option("--item", help="The rubric item id, e.g. greeting.")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why, in one sentence.")]


@app.command("dispute")
def dispute_command(call: CallArg, item: ItemOpt, reason: ReasonOpt) -> None:
    """Dispute one item of your final scorecard; a supervisor will uphold or overturn it.

    Example: qa dispute C-1001 --item greeting --reason "I said the name at 0:04"
    """
    from qa.pipeline.access.open_store import open_store
    from qa.pipeline.access.permissions import authorize
    from qa.pipeline.disputes import disputes

    ws = workspace()
    with open_store(ws) as store:
        found = disputes.dispute_item(store, authorize(ws, store, "dispute"), call, item, reason)
    console.print(f"Dispute #{found.id} of {escape(item)} sent to the supervisors.")


@app.command("acknowledge")
def acknowledge_command(call: CallArg) -> None:
    """Acknowledge your final scorecard: you have seen it and accept it.

    Example: qa acknowledge C-1001
    """
    from qa.pipeline.access.open_store import open_store
    from qa.pipeline.access.permissions import authorize
    from qa.pipeline.disputes import disputes

    ws = workspace()
    with open_store(ws) as store:
        disputes.acknowledge(store, authorize(ws, store, "acknowledge"), call)
    console.print("Scorecard acknowledged.")


@app.command("self-assess")
def self_assess_command(
    call: CallArg,
    item: ItemOpt,
    verdict: Annotated[str, typer.Option("--verdict", help="pass, fail or na.")],
) -> None:
    """Score one item of your own call yourself, before you see the supervisor's verdicts.

    Example: qa self-assess C-1001 --item greeting --verdict pass
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.disputes.replay import AgentReplayService

    ws = workspace()
    with authorized_store(ws, "self-assess") as (store, who):
        service = AgentReplayService(store, who, ws)
        service.self_assess(service.find(call).id, item, _verdict(verdict))
    console.print(f"Your verdict on {escape(item)}: {verdict}. The official score is unchanged.")


def _verdict(text: str) -> Verdict:
    try:
        return Verdict(text.strip().lower())
    except ValueError:
        raise BadInputError(f"{text!r} is not a verdict; use pass, fail or na.") from None


@app.command("resolve")
def resolve_command(
    call: CallArg,
    item: ItemOpt,
    reason: ReasonOpt,
    uphold: Annotated[bool, typer.Option("--uphold", help="Keep the disputed verdict.")] = False,
    overturn: Annotated[
        bool, typer.Option("--overturn", help="Change the verdict; the score is recomputed.")
    ] = False,
    verdict: Annotated[
        str | None, typer.Option("--verdict", help="New verdict (default: pass↔fail).")
    ] = None,
) -> None:
    """Settle an agent's dispute of one item (supervisors and admins).

    Example: qa resolve C-1001 --item greeting --overturn --reason "Name heard at 0:04"
    """
    from qa.pipeline.access.open_store import open_store
    from qa.pipeline.access.permissions import authorize
    from qa.pipeline.disputes import disputes

    if uphold == overturn:
        raise BadInputError("Give exactly one of --uphold or --overturn.")
    ws = workspace()
    with open_store(ws) as store:
        done = disputes.resolve(
            store,
            authorize(ws, store, "resolve"),
            call,
            item,
            overturn=overturn,
            reason=reason,
            verdict=_verdict(verdict) if verdict else None,
        )
    score = done.card.scorecard.score
    console.print(f"Dispute #{done.dispute.id} {done.dispute.status}; score now {score:g}.")


@disputes_app.command("list")
def list_command() -> None:
    """List disputes awaiting a supervisor, oldest first.

    Example: qa disputes list
    """
    from qa.pipeline.access.open_store import open_store
    from qa.pipeline.access.permissions import authorize
    from qa.pipeline.disputes import disputes

    ws = workspace()
    with open_store(ws) as store:
        found = disputes.open_disputes(store, authorize(ws, store, "disputes list"))
    table = Table("dispute", "call", "item", "by", "reason")
    for d in found:
        table.add_row(str(d.id), str(d.call_id), escape(d.item_id), escape(d.raised_by),
                      escape(d.reason))  # fmt: skip
    console.print(table if found else "No open disputes.")


@disputes_app.command("export-eval")
def export_eval_command(
    out: Annotated[Path, typer.Argument(help="Folder to write transcripts and labels.csv to.")],
) -> None:
    """Write overturned disputes as labelled calls that `qa eval OUT --rubric R` measures.

    Example: qa disputes export-eval eval/disputes
    """
    from qa.pipeline.access.open_store import open_store
    from qa.pipeline.access.permissions import authorize
    from qa.pipeline.disputes import disputes

    ws = workspace()
    with open_store(ws) as store:
        done = disputes.export_eval(store, authorize(ws, store, "disputes export-eval"), out)
    console.print(
        f"{plural(done.labels, 'label')} from {plural(done.calls, 'call')} "
        f"written to {escape(str(out))}."
    )
