"""`qa rescore`: decide on reviewed calls whose re-scoring stored a new automatic version."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, workspace
from qa.domain.wording import plural

if TYPE_CHECKING:
    from qa.pipeline.scoring.rescore import PendingRescore

rescore_app = typer.Typer(
    help="Reviewed calls re-scoring did not replace: accept the new verdicts or keep the review.",
    no_args_is_help=True,
)
app.add_typer(rescore_app, name="rescore")

CallArg = Annotated[str, typer.Argument(help="The call: its db id, or its metadata call_id.")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why, for the audit log.")]


def _print_pending(pending: PendingRescore) -> None:
    changed = f"{len(pending.changes)} item(s) differ" if pending.changes else "same verdicts"
    console.print(
        f"[bold]{escape(pending.call_ref)}[/] ({escape(pending.agent)}): new automatic scorecard "
        f"with {escape(pending.rubric)}, {changed}",
        highlight=False,
    )
    for change in pending.changes:
        console.print(f"  {escape(change.describe())}", highlight=False)


@rescore_app.command("list")
def list_command() -> None:
    """List reviewed calls with a new automatic scorecard waiting, and what it would change.

    Example: qa rescore list
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.scoring.rescore import pending_rescores

    with authorized_store(workspace(), "rescore list") as (store, _who):
        found = pending_rescores(store)
    for pending in found:
        _print_pending(pending)
    console.print(f"{plural(len(found), 'reviewed call')} waiting for a decision.")


@rescore_app.command("accept")
def accept_command(call: CallArg, reason: ReasonOpt = "") -> None:
    """Take the new automatic verdicts into the review; the call is back in review.

    The old review stays in the call's history and the audit log. Finalize again when done.
    Example: qa rescore accept C-1001 --reason "Rubric 2026.2 is the one we coach to"
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.scoring.rescore import accept_rescore

    with authorized_store(workspace(), "rescore accept") as (store, who):
        card = accept_rescore(store, who, call, reason)
    console.print(
        f"{escape(call)}: new automatic verdicts accepted; in review, "
        f"score {card.scorecard.score:g}. Finalize with `qa finalize {escape(call)}`."
    )


@rescore_app.command("keep")
def keep_command(call: CallArg, reason: ReasonOpt = "") -> None:
    """Keep the review as it is; the new automatic scorecard is set aside (kept in history).

    Example: qa rescore keep C-1001
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.scoring.rescore import keep_review

    with authorized_store(workspace(), "rescore keep") as (store, who):
        keep_review(store, who, call, reason)
    console.print(f"{escape(call)}: the review is kept; the new automatic scorecard set aside.")
