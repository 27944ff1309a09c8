"""`qa verdict`, `qa finalize`, `qa reopen`: a supervisor's review from the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, workspace

if TYPE_CHECKING:
    from qa.domain.review.review import ReviewedCard

CallArg = Annotated[str, typer.Argument(help="The call: its db id, or its metadata call_id.")]


def _card_line(card: ReviewedCard) -> str:
    score = f"score {card.scorecard.score:g}"
    if card.scorecard.provisional:
        score += " (provisional)"
    return f"Scorecard {card.state.value}, version {card.version}: {score}."


@app.command("verdict")
def verdict_command(
    call: CallArg,
    item: Annotated[str, typer.Argument(help="The rubric item id, e.g. greeting.")],
    verdict: Annotated[str, typer.Argument(help="pass, fail or na.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why (needed to override an automatic verdict).")
    ] = "",
) -> None:
    """Set one item's verdict, as the review screen does; overriding needs a reason.

    Example: qa verdict C-1001 greeting pass --reason "Name said at 0:04"
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review import commands as review_commands
    from qa.pipeline.review.review import ReviewService

    ws = workspace()
    with authorized_store(ws, "verdict") as (store, who):
        service = ReviewService(store, who.login, ws, who.role)
        already = review_commands.verdict_unchanged(service, call, item, verdict)
        card = review_commands.set_verdict(service, call, item, verdict, reason)
    if already:
        console.print(f"{escape(already)} {_card_line(card)}")
        return
    console.print(f"{escape(item)}: {card.item(item).result.verdict.value}. {_card_line(card)}")


@app.command("finalize")
def finalize_command(call: CallArg) -> None:
    """Lock a call's scorecard with its recomputed score (every item must be decided).

    Example: qa finalize C-1001
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review import commands as review_commands
    from qa.pipeline.review.review import ReviewService

    ws = workspace()
    with authorized_store(ws, "finalize") as (store, who):
        card = review_commands.finalize(ReviewService(store, who.login, ws, who.role), call)
    console.print(_card_line(card))


@app.command("reopen")
def reopen_command(
    call: CallArg,
    reason: Annotated[str, typer.Option("--reason", help="Why the review opens again.")],
) -> None:
    """Unlock a final scorecard for more review.

    Example: qa reopen C-1001 --reason "Customer complaint: recheck the disclosure"
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review import commands as review_commands
    from qa.pipeline.review.review import ReviewService

    ws = workspace()
    with authorized_store(ws, "reopen") as (store, who):
        card = review_commands.reopen(ReviewService(store, who.login, ws, who.role), call, reason)
    console.print(_card_line(card))
