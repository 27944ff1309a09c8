"""`qa score`: score stored transcripts against a rubric and show what changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, workspace
from qa.cli.waiting import WaitOption, run_lock
from qa.domain.call import Call
from qa.domain.scorecard import Scorecard
from qa.domain.wording import plural, score_text
from qa.errors import BadInputError

if TYPE_CHECKING:
    from qa.pipeline.scoring.score import KeptReview, ScoreRun


def _print_changes(run: ScoreRun) -> None:
    if not run.rescored_from:
        return
    grouped = run.flips_by_agent()
    console.print(f"Changed verdicts against the previous rubric: {plural(len(run.flips), 'item')}")
    for agent, flips in grouped.items():
        console.print(f"  [bold]{escape(agent or 'unknown agent')}[/]", highlight=False)
        for f in flips:
            console.print(
                f"    {f.call_ref} {f.item_id}: {f.before} → {f.after}",
                highlight=False,
                markup=False,
            )


@app.command()
def score(
    rubric: Annotated[
        Path | None, typer.Option("--rubric", "-r", help="Rubric TOML (default: the workspace's).")
    ] = None,
    sample: Annotated[int | None, typer.Option(help="Only the calls of this sample.")] = None,
    rescore_all: Annotated[
        bool, typer.Option("--all", help="Rescore every call, even those scored with this rubric.")
    ] = False,
    wait: WaitOption = None,
) -> None:
    """Score stored transcripts; earlier scorecards are kept and changed verdicts are listed.

    Example: qa score --rubric rubrics/acme_inbound.toml --sample 3
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.scoring.score import load_rubric_file, score_stored

    if sample is not None and rescore_all:
        raise BadInputError("Give --sample ID or --all, not both.", hint="See `qa score --help`.")
    ws = workspace()

    def shown(call: Call, card: Scorecard | None) -> None:
        if card is not None:
            ref = call.meta.call_id or Path(call.path).name
            style = "green" if card.passed else "red"
            console.print(
                f"  {escape(ref)}: [{style}]{score_text(card.score, card.score_range)}[/]"
            )

    with authorized_store(ws, "score") as (store, who), run_lock(store, "score", wait):
        parsed, text = load_rubric_file(rubric or ws.default_rubric())
        run = score_stored(
            store, parsed, text, sample_id=sample, rescore=rescore_all, listen=shown,
            actor=who.login,
        )  # fmt: skip
    console.print(
        f"Scored {plural(run.scored, 'call')} with {escape(parsed.name)} {escape(parsed.version)}; "
        f"{run.unchanged} already scored with it, {run.untranscribed} not transcribed yet."
    )
    _print_changes(run)
    print_kept(run.kept)


def print_kept(kept_reviews: list[KeptReview]) -> None:
    """ "N reviewed calls kept; M would now differ", and the items that would (qa score, qa run)."""
    if not kept_reviews:
        return
    differing = [k for k in kept_reviews if k.changes]
    console.print(
        f"{plural(len(kept_reviews), 'reviewed call')} kept; {len(differing)} would now differ.",
        highlight=False,
    )
    for kept in differing:
        changes = "; ".join(c.describe() for c in kept.changes)
        console.print(f"  {escape(kept.call_ref)}: {escape(changes)}", highlight=False)
    if differing:
        console.print("Decide per call: `qa rescore accept CALL` or `qa rescore keep CALL`.")
